package dev.corvid.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

class ToolboxTest {

    static class Weather {
        @Tool
        public String forecast(String city) {
            return "sun";
        }
    }

    static class OtherWeather {
        @Tool
        public String forecast(String place) {
            return "rain";
        }
    }

    static class BadName {
        @Tool(name = "get weather!")
        public String weather(String city) {
            return "sun";
        }
    }

    static class TakesObject {
        @Tool
        public String store(Object anything) {
            return "stored";
        }
    }

    static class TakesWildcard {
        @Tool
        public String store(List<?> things) {
            return "stored";
        }
    }

    static class TakesObjectKeys {
        @Tool
        public String store(Map<Object, String> things) {
            return "stored";
        }
    }

    static class TakesRunnable {
        @Tool
        public String run(Runnable task) {
            return "ran";
        }
    }

    static class NoTools {
        public String notATool() {
            return "";
        }
    }

    static class InstanceOnly {
        @Tool
        public String hello() {
            return "hi";
        }
    }

    static class SameParamName {
        @Tool
        public String twice(@ToolParam(name = "x") String a, @ToolParam(name = "x") String b) {
            return a + b;
        }
    }

    private static String failure(Object... sources) {
        return assertThrows(IllegalArgumentException.class, () -> Toolbox.of(sources)).getMessage();
    }

    @Test
    void twoToolsWithOneNameFailAndSayHowToRename() {
        String message = failure(new Weather(), new OtherWeather());
        assertTrue(message.contains("two tools are named 'forecast'"), message);
        assertTrue(message.contains("@Tool(name = "), message);
    }

    @Test
    void anInvalidToolNameFailsWithTheRule() {
        String message = failure(new BadName());
        assertTrue(message.contains("invalid tool name 'get weather!'"), message);
        assertTrue(message.contains("1 to 64 letters, digits, '_' or '-'"), message);
    }

    @Test
    void typesAModelCannotSendFailWithAFix() {
        assertTrue(failure(new TakesObject()).contains("declare the type of data the tool needs"));
        assertTrue(failure(new TakesWildcard()).contains("use a concrete type"));
        assertTrue(failure(new TakesObjectKeys()).contains("map keys must be String"));
        assertTrue(failure(new TakesRunnable()).contains("declare the type of data"));
    }

    @Test
    void anObjectWithoutToolMethodsFails() {
        assertTrue(failure(new NoTools()).contains("has no methods annotated with @Tool"));
    }

    @Test
    void aClassWithInstanceToolMethodsAsksForAnInstance() {
        String message = failure(InstanceOnly.class);
        assertTrue(message.contains("is not static: pass an instance of InstanceOnly"), message);
    }

    @Test
    void twoParametersWithOneNameFail() {
        assertTrue(failure(new SameParamName()).contains("two parameters named 'x'"));
    }

    @Test
    void aToolBuiltInCodeNeedsAnObjectSchema() {
        var mapper = JsonMapper.builder().build();
        String message = assertThrows(IllegalArgumentException.class, () -> FunctionTool.of("t", "", mapper.readTree(
                "{\"type\":\"string\"}"), (arguments, context) -> "")).getMessage();
        assertTrue(message.contains("\"type\": \"object\""), message);
    }

    @Test
    void parametersCompiledWithoutNamesFailAndSayHowToFix(@TempDir Path dir) throws Exception {
        Path source = dir.resolve("Nameless.java");
        Files.writeString(source, "public class Nameless {\n"
                + "  @dev.corvid.tool.Tool public String greet(String person) { return \"hi \" + person; }\n"
                + "}\n");
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        int status = compiler.run(null, null, null, "-classpath", System.getProperty("java.class.path"),
                "-d", dir.toString(), source.toString());
        assertEquals(0, status, "the test class must compile");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            Object nameless = loader.loadClass("Nameless").getConstructor().newInstance();
            String message = failure(nameless);
            assertTrue(message.contains("parameter 0 of @Tool method Nameless.greet has no name"), message);
            assertTrue(message.contains("-parameters"), message);
            assertTrue(message.contains("Maven: <parameters>true</parameters>"), message);
            assertTrue(message.contains("Gradle: tasks.withType(JavaCompile)"), message);
            assertTrue(message.contains("@ToolParam(name = "), message);
        }
    }

    @Test
    void toolsFromToolboxesAndFunctionToolsCombine() {
        var mapper = JsonMapper.builder().build();
        FunctionTool echo = FunctionTool.of("echo", "Echoes", mapper.readTree("{\"type\":\"object\"}"),
                (arguments, context) -> arguments.toString());
        Toolbox combined = Toolbox.of(Toolbox.of(new Weather()), echo);
        assertEquals(List.of("forecast", "echo"), List.copyOf(combined.names()));
        assertEquals(2, combined.definitions().size());
    }
}
