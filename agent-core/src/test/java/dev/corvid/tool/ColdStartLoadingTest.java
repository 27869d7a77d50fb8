package dev.corvid.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.agent.RunListener;
import dev.corvid.model.Cancellation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The JSON Schema validator is loaded by the first call of a schema-defined tool, never by annotated tools alone. */
class ColdStartLoadingTest {

    /** Calls an annotated tool and, with the argument {@code schema}, a schema-defined one too. */
    public static final class Program {
        @Tool
        public String greet(String name) {
            return "hello " + name;
        }

        public static void main(String[] arguments) {
            ToolContext context = new ToolContext("r", "c", new Cancellation(), RunListener.NONE);
            System.out.println(Toolbox.of(new Program()).tools().get(0).invoke("{\"name\": \"ann\"}", context).content());
            if (arguments.length > 0) {
                FunctionTool tool = FunctionTool.of("echo", "", JsonMapper.builder().build()
                        .readTree("{\"type\":\"object\"}"), (args, ctx) -> "echoed");
                System.out.println(tool.invoke("{}", context).content());
            }
        }
    }

    private static String classesLoaded(String... arguments) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xlog:class+load=info",
                "-cp", System.getProperty("java.class.path"), Program.class.getName()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the program did not end within 60 s");
        assertEquals(0, process.exitValue(), output);
        return output;
    }

    @Test
    void aJvmThatOnlyRunsAnnotatedToolsNeverLoadsTheSchemaValidator() throws Exception {
        String loaded = classesLoaded();
        assertTrue(loaded.contains("hello ann"), loaded);
        assertFalse(loaded.contains("com.networknt"), "the JSON Schema validator was loaded");
    }

    @Test
    void theFirstCallOfASchemaDefinedToolLoadsIt() throws Exception {
        String loaded = classesLoaded("schema");
        assertTrue(loaded.contains("echoed"), loaded);
        assertTrue(loaded.contains("com.networknt.schema.Schema "), "the check above could not see the validator");
    }
}
