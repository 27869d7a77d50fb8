package dev.corvid.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.model.ToolCall;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreviewTest {

    @TempDir
    Path workspace;
    CodingTools tools;

    @BeforeEach
    void setUp() throws IOException {
        tools = CodingTools.in(workspace);
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 20; i++) {
            text.append("line ").append(i).append('\n');
        }
        Files.writeString(workspace.resolve("twenty.txt"), text);
    }

    private Optional<String> preview(String tool, String arguments) {
        return tools.preview(ToolCall.of("call_1", tool, arguments));
    }

    @Test
    void anEditIsPreviewedAsAUnifiedDiffWithoutChangingTheFile() throws IOException {
        String before = Files.readString(workspace.resolve("twenty.txt"));

        String diff = preview("edit_file",
                "{\"path\": \"twenty.txt\", \"old_text\": \"line 10\\n\", \"new_text\": \"line ten\\nline 10.5\\n\"}")
                .orElseThrow();

        assertEquals("""
                --- a/twenty.txt
                +++ b/twenty.txt
                @@ -7,7 +7,8 @@
                 line 7
                 line 8
                 line 9
                -line 10
                +line ten
                +line 10.5
                 line 11
                 line 12
                 line 13
                """, diff);
        assertEquals(before, Files.readString(workspace.resolve("twenty.txt")));
    }

    @Test
    void changesFarApartGetTheirOwnHunks() {
        String diff = preview("write_file", "{\"path\": \"twenty.txt\", \"content\": \""
                + "line 1\\nline 2\\nline 3\\nline 4\\nline 5\\nline 6\\nline 7\\nline 8\\nline 9\\nline 10\\n"
                + "line 11\\nline 12\\nline 13\\nline 14\\nline 15\\nline 16\\nline 17\\nline 18\\nline 19\\n\"}")
                .orElseThrow();

        assertEquals("""
                --- a/twenty.txt
                +++ b/twenty.txt
                @@ -17,4 +17,3 @@
                 line 17
                 line 18
                 line 19
                -line 20
                """, diff);
    }

    @Test
    void aNewFileIsPreviewedAgainstDevNull() {
        assertEquals("""
                --- /dev/null
                +++ b/src/new.txt
                @@ -0,0 +1,2 @@
                +hello
                +world
                """, preview("write_file", "{\"path\": \"src/new.txt\", \"content\": \"hello\\nworld\\n\"}").orElseThrow());
        assertTrue(Files.notExists(workspace.resolve("src")));
    }

    @Test
    void aCommandIsPreviewedWithItsDirectoryAndTimeout() throws IOException {
        assertEquals("$ mvn -q test\n(in " + workspace.toRealPath() + ", stopped after 600 s)",
                preview("run_shell", "{\"command\": \"mvn -q test\", \"timeout_seconds\": 9000}").orElseThrow());
    }

    @Test
    void callsThatWillFailAndReadOnlyToolsHaveNoPreview() {
        assertEquals(Optional.empty(), preview("read_file", "{\"path\": \"twenty.txt\"}"));
        assertEquals(Optional.empty(), preview("edit_file",
                "{\"path\": \"twenty.txt\", \"old_text\": \"absent\", \"new_text\": \"x\"}"));
        assertEquals(Optional.empty(), preview("write_file", "{\"path\": \"../escape.txt\", \"content\": \"x\"}"));
        assertEquals(Optional.empty(), preview("write_file", "not json"));
    }
}
