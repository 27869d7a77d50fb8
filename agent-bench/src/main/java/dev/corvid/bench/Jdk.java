package dev.corvid.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * An installed JDK the orchestrator launches JVMs with, known by its home directory.
 *
 * @param home the JDK's home directory
 * @param feature the feature release, such as 17 or 25
 * @param version the full runtime version, for the results
 */
record Jdk(Path home, int feature, String version) {

    /**
     * Reads a JDK's {@code release} file.
     *
     * @throws IllegalArgumentException when the directory holds no JDK
     */
    static Jdk at(Path home) {
        Properties release = new Properties();
        try (var in = Files.newBufferedReader(home.resolve("release"))) {
            release.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException(home + " is not a JDK home: it has no readable release file", e);
        }
        String version = unquote(release.getProperty("JAVA_VERSION", ""));
        String runtime = unquote(release.getProperty("JAVA_RUNTIME_VERSION", version));
        if (version.isEmpty() || !Files.isExecutable(home.resolve("bin/java"))) {
            throw new IllegalArgumentException(home + " is not a JDK home: no JAVA_VERSION or no bin/java");
        }
        int feature = Integer.parseInt(version.split("[.+-]")[0]);
        return new Jdk(home, feature, runtime);
    }

    /** Returns the JDK running this code. */
    static Jdk current() {
        return new Jdk(Path.of(System.getProperty("java.home")), Runtime.version().feature(),
                System.getProperty("java.runtime.version"));
    }

    /** Returns the java launcher. */
    String java() {
        return home.resolve("bin").resolve("java").toString();
    }

    /** Returns a short name such as {@code JDK 17}. */
    String label() {
        return "JDK " + feature;
    }

    private static String unquote(String value) {
        return value.replace("\"", "").trim();
    }
}
