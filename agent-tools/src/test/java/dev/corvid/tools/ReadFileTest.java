package dev.corvid.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class ReadFileTest extends WorkspaceTest {

    private static String lines(int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            text.append("line ").append(i).append('\n');
        }
        return text.toString();
    }

    @Test
    void linesComeNumberedFromOne() throws IOException {
        write("src/App.java", "class App {\n}\n");

        assertEquals("     1\tclass App {\n     2\t}", tools.ok("read_file", "path", "src/App.java"));
    }

    @Test
    void aPageEndsWithHowToReadTheNextOne() throws IOException {
        write("five.txt", lines(5));

        String page = tools.ok("read_file", "path", "five.txt", "limit", 2);

        assertTrue(page.startsWith("     1\tline 1\n     2\tline 2\n"), page);
        assertTrue(page.endsWith("(showing lines 1-2 of 5; call read_file with offset=3 to read on)"), page);
    }

    @Test
    void offsetStartsTheLaterPages() throws IOException {
        write("five.txt", lines(5));

        assertTrue(tools.ok("read_file", "path", "five.txt", "offset", 3, "limit", 2)
                .startsWith("     3\tline 3\n     4\tline 4\n\n(showing lines 3-4 of 5; call read_file with offset=5"));
        assertEquals("     5\tline 5\n\n(showing lines 5-5 of 5; end of file)",
                tools.ok("read_file", "path", "five.txt", "offset", 5));
    }

    @Test
    void longFilesArePagedAtTwoThousandLinesByDefault() throws IOException {
        write("long.txt", lines(5312));

        String page = tools.ok("read_file", "path", "long.txt");

        assertTrue(page.contains("  2000\tline 2000\n"), page.substring(page.length() - 200));
        assertFalse(page.contains("line 2001"));
        assertTrue(page.endsWith("(showing lines 1-2000 of 5,312; call read_file with offset=2001 to read on)"));
    }

    @Test
    void veryLongLinesAreCutWithACount() throws IOException {
        write("minified.js", "x".repeat(5000) + "\nshort\n");

        String page = tools.ok("read_file", "path", "minified.js");

        assertTrue(page.contains("x".repeat(2000) + " [... line cut: 3,000 more characters]\n     2\tshort"), page);
    }

    @Test
    void offsetPastTheEndSaysHowLongTheFileIs() throws IOException {
        write("five.txt", lines(5));

        assertTrue(tools.error("read_file", "path", "five.txt", "offset", 9)
                .contains("offset 9 is past the end of five.txt, which has 5 lines"));
    }

    @Test
    void binaryFilesAreRefused() throws IOException {
        Files.write(workspace.resolve("image.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13});

        assertTrue(tools.error("read_file", "path", "image.png").contains("image.png is a binary file"));
    }

    @Test
    void aMissingFileSuggestsListFilesAndFilesWithTheSameName() throws IOException {
        write("src/main/java/Foo.java", "class Foo {}\n");

        String error = tools.error("read_file", "path", "Foo.java");

        assertTrue(error.contains("Foo.java does not exist"), error);
        assertTrue(error.contains("Files with that name: src/main/java/Foo.java"), error);
        assertTrue(error.contains("list_files"), error);
    }

    @Test
    void aDirectoryIsNotAFile() throws IOException {
        write("src/App.java", "");

        assertTrue(tools.error("read_file", "path", "src").contains("src is a directory, not a file; call list_files"));
    }

    @Test
    void aNamedPipeIsRefusedInsteadOfBlocking() {
        tools.ok("run_shell", "command", "mkfifo pipe");

        assertTrue(tools.error("read_file", "path", "pipe").contains("pipe is not a regular file"));
    }

    @Test
    void crlfLineEndingsAndTheByteOrderMarkAreNotShown() throws IOException {
        Files.write(workspace.resolve("windows.txt"), "\uFEFFfirst\r\nsecond\r\n".getBytes(StandardCharsets.UTF_8));

        assertEquals("     1\tfirst\n     2\tsecond", tools.ok("read_file", "path", "windows.txt"));
    }

    @Test
    void anEmptyFileSaysSo() throws IOException {
        write("empty.txt", "");

        assertEquals("(empty.txt is empty)", tools.ok("read_file", "path", "empty.txt"));
    }

    @Test
    void invalidUtf8IsShownWithReplacementCharactersAndANote() throws IOException {
        Files.write(workspace.resolve("latin1.txt"), new byte[] {'c', 'a', 'f', (byte) 0xE9, '\n'});

        String page = tools.ok("read_file", "path", "latin1.txt");

        assertTrue(page.startsWith("     1\tcaf\uFFFD"), page);
        assertTrue(page.contains("not valid UTF-8"), page);
    }

    @Test
    void aZeroOffsetIsExplained() throws IOException {
        write("five.txt", lines(5));

        assertTrue(tools.error("read_file", "path", "five.txt", "offset", 0).contains("the first line is 1"));
    }
}
