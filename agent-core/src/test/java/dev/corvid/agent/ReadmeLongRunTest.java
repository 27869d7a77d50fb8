package dev.corvid.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.ReadmeSnippets;
import dev.corvid.model.ChatModel;
import dev.corvid.model.ToolMessage;
import dev.corvid.testing.ScriptedChatModel;
import dev.corvid.tool.Tool;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's long run, compiled as it stands and run until it has compacted. */
class ReadmeLongRunTest {

    /** Files of 30,000 characters, which the snippet's cap cuts to 20,000: about 5,000 tokens each. */
    public static class BigFiles {
        @Tool("Reads a file")
        public String read(String path) {
            return "content of " + path + ": " + "y".repeat(30_000) + " end of " + path;
        }
    }

    @Test
    void theLongRunSnippetCompactsTwiceAndCapsToolResults(@TempDir Path directory) throws Exception {
        ReadmeSnippets.compile(directory, "LongRun", ReadmeSnippets.javaAfter("## Long runs"));
        ScriptedChatModel model = ScriptedChatModel.answering(ContextCompactionTest.reader(10));
        PrintStream err = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        RunResult<?> result;
        try (URLClassLoader loader = new URLClassLoader(new java.net.URL[] {directory.toUri().toURL()},
                getClass().getClassLoader())) {
            System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
            result = (RunResult<?>) loader.loadClass("LongRun").getMethod("run", ChatModel.class, Object.class,
                    String.class).invoke(null, model, new BigFiles(), "Read f1 to f10.");
        } finally {
            System.setErr(err);
        }
        assertEquals("All 10 files hold x.", result.output());
        String text = printed.toString(StandardCharsets.UTF_8);
        assertEquals(2, text.lines().filter(line -> line.startsWith("compacted (SUMMARY): about ")).count(), text);
        assertTrue(text.contains(result.perTurn().size() + " turns, "), text);
        assertEquals(2, model.requests().stream().filter(ContextCompactionTest::summarising).count());
        result.transcript().stream().filter(ToolMessage.class::isInstance).map(ToolMessage.class::cast)
                .forEach(tool -> assertTrue(tool.content().length() < 20_100 && tool.content().contains("cut here"),
                        "capped: " + tool.content().length()));
    }
}
