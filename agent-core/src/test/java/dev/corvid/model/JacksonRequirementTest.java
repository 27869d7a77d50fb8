package dev.corvid.model;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Loads Corvid in a class loader whose jackson-annotations is 2.19.2 (what Spring Boot 3.5 manages), with the
 * rest of the test class path unchanged, and checks that building a model or tools says which jar is too old.
 */
class JacksonRequirementTest {

    private static final String OLD_JAR = "corvid.test.oldJacksonAnnotations";

    @Test
    void theBuildsOwnClassPathPasses() {
        assertDoesNotThrow(JacksonRequirement::check);
    }

    @Test
    void buildingAModelWithJacksonAnnotations2192NamesTheJarAndTheVersionNeeded() throws Exception {
        try (URLClassLoader loader = withOldAnnotations()) {
            Class<?> model = Class.forName("dev.corvid.openai.OpenAiCompatibleModel", true, loader);
            Throwable e = thrownBy(() -> {
                // OpenAiCompatibleModel.builder().baseUrl(...).model("m").build(), as an application calls it
                Object builder = model.getMethod("builder").invoke(null);
                builder.getClass().getMethod("baseUrl", String.class).invoke(builder, "http://127.0.0.1:9/v1");
                builder.getClass().getMethod("model", String.class).invoke(builder, "m");
                builder.getClass().getMethod("build").invoke(builder);
            });
            assertInstanceOf(IllegalStateException.class, e, e.toString());
            assertNamesTheOldJar(e.getMessage());
        }
    }

    @Test
    void buildingToolsWithJacksonAnnotations2192NamesTheJarAndTheVersionNeeded() throws Exception {
        try (URLClassLoader loader = withOldAnnotations()) {
            IllegalStateException e = failure(loader, "dev.corvid.tool.Toolbox", "builder");
            assertNamesTheOldJar(e.getMessage());
        }
    }

    @Test
    void withoutTheCheckTheOldJarFailsObscurelyInsideJackson() throws Exception {
        // What a user saw before: the mapper cannot even be built, and the error names no jar or version.
        try (URLClassLoader loader = withOldAnnotations()) {
            Class<?> mapper = Class.forName("tools.jackson.databind.json.JsonMapper", true, loader);
            Throwable e = thrownBy(() -> {
                Object builder = mapper.getMethod("builder").invoke(null);
                builder.getClass().getMethod("build").invoke(builder);
            });
            assertInstanceOf(LinkageError.class, e, e.toString());
        }
    }

    private static void assertNamesTheOldJar(String message) {
        assertTrue(message.contains("jackson-annotations-2.19.2.jar"), message);
        assertTrue(message.contains("version 2.19.2"), message);
        assertTrue(message.contains("jackson-annotations 2.21 or newer"), message);
        assertTrue(message.contains("<dependencyManagement>") && message.contains("Gradle"), message);
    }

    private interface Reflective {
        void run() throws Exception;
    }

    /** Returns what the reflective calls threw, unwrapped. */
    private static Throwable thrownBy(Reflective calls) {
        return assertThrows(Throwable.class, () -> {
            try {
                calls.run();
            } catch (InvocationTargetException wrapped) {
                throw wrapped.getCause();
            }
        });
    }

    private static IllegalStateException failure(ClassLoader loader, String type, String method) throws Exception {
        Class<?> entry = Class.forName(type, true, loader);
        InvocationTargetException thrown = assertThrows(InvocationTargetException.class,
                () -> entry.getMethod(method).invoke(null));
        return assertInstanceOf(IllegalStateException.class, thrown.getCause(), String.valueOf(thrown.getCause()));
    }

    /** The test class path with its jackson-annotations swapped for 2.19.2, loaded apart from this test's classes. */
    private static URLClassLoader withOldAnnotations() throws MalformedURLException {
        String old = System.getProperty(OLD_JAR);
        assumeTrue(old != null && Files.isRegularFile(Path.of(old)), "jackson-annotations 2.19.2 is not at " + old
                + ": run the test through Maven (mvn -pl agent-core test), which copies it to target/");
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<URL> urls = new ArrayList<>();
        boolean swapped = false;
        for (String entry : classPath.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            if (Path.of(entry).getFileName().toString().startsWith("jackson-annotations-")) {
                urls.add(Path.of(old).toUri().toURL());
                swapped = true;
            } else {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        assumeTrue(swapped, "the class path holds no jackson-annotations jar to swap: " + classPath);
        return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }
}
