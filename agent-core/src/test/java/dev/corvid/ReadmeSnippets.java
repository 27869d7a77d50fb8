package dev.corvid;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.tools.ToolProvider;

/** The Java snippets of README.md, compiled and run by tests so the README cannot promise code that fails. */
public final class ReadmeSnippets {

    private ReadmeSnippets() {
    }

    /** Returns the first Java block after a heading of README.md. */
    public static String javaAfter(String heading) throws Exception {
        for (Path at = Path.of("").toAbsolutePath(); at != null; at = at.getParent()) {
            Path readme = at.resolve("README.md");
            if (Files.isRegularFile(readme) && Files.readString(readme).contains(heading)) {
                String text = Files.readString(readme);
                int section = text.indexOf(heading);
                int start = text.indexOf("```java\n", section) + "```java\n".length();
                return text.substring(start, text.indexOf("```", start));
            }
        }
        throw new IllegalStateException("README.md with a section '" + heading + "' not found above "
                + Path.of("").toAbsolutePath());
    }

    /** Compiles one source file into a directory, on the test class path, as a user would with -parameters. */
    public static void compile(Path directory, String className, String source) throws Exception {
        Path file = directory.resolve(className + ".java");
        Files.writeString(file, source);
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-parameters", "-classpath",
                System.getProperty("java.class.path"), "-d", directory.toString(), file.toString());
        if (status != 0) {
            throw new AssertionError("the README's " + className + " does not compile");
        }
    }

    /** What a child JVM printed and how it exited. */
    public record Exit(int status, String stdout, String stderr) {
    }

    /**
     * Runs a compiled class's main in a child JVM and waits for it, at most the given time: a child that
     * takes longer is killed and the test fails.
     */
    public static Exit runMain(Path directory, String className, Map<String, String> environment, Duration limit)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", directory + File.pathSeparator + System.getProperty("java.class.path"), className));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        Path out = directory.resolve(className + ".out");
        Path err = directory.resolve(className + ".err");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process process = builder.start();
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(className + " did not finish within " + limit + "; it printed: "
                    + Files.readString(err, StandardCharsets.UTF_8));
        }
        return new Exit(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
