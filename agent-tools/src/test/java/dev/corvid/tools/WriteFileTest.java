package dev.corvid.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class WriteFileTest extends WorkspaceTest {

    @Test
    void aNewFileIsCreatedWithItsParentDirectories() throws IOException {
        String result = tools.ok("write_file", "path", "src/main/App.java", "content", "class App {\n}\n");

        assertEquals("Created src/main/App.java (14 bytes, 2 lines).", result);
        assertEquals("class App {\n}\n", Files.readString(workspace.resolve("src/main/App.java")));
    }

    @Test
    void anExistingFileIsOverwrittenAndTheOldSizeReported() throws IOException {
        Files.writeString(workspace.resolve("notes.txt"), "old text\n");

        String result = tools.ok("write_file", "path", "notes.txt", "content", "new\n");

        assertEquals("Overwrote notes.txt (was 9 bytes; now 4 bytes, 1 line).", result);
        assertEquals("new\n", Files.readString(workspace.resolve("notes.txt")));
    }

    @Test
    void noTemporaryFileIsLeftBehind() throws IOException {
        tools.ok("write_file", "path", "a.txt", "content", "one");
        tools.ok("write_file", "path", "a.txt", "content", "two");

        try (Stream<Path> files = Files.list(workspace)) {
            assertEquals(List.of("a.txt"), files.map(file -> file.getFileName().toString()).toList());
        }
    }

    @Test
    void overwritingKeepsCrlfLineEndingsAndTheByteOrderMark() throws IOException {
        Files.write(workspace.resolve("win.txt"), "\uFEFFold\r\ntext\r\n".getBytes(StandardCharsets.UTF_8));

        String result = tools.ok("write_file", "path", "win.txt", "content", "new\nlines\n");

        assertArrayEquals("\uFEFFnew\r\nlines\r\n".getBytes(StandardCharsets.UTF_8),
                Files.readAllBytes(workspace.resolve("win.txt")));
        assertTrue(result.contains("kept the UTF-8 byte order mark, kept CRLF line endings"), result);
    }

    @Test
    void overwritingKeepsTheExecutableBit() throws IOException {
        Path script = workspace.resolve("run.sh");
        Files.writeString(script, "#!/bin/sh\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));

        tools.ok("write_file", "path", "run.sh", "content", "#!/bin/sh\necho hi\n");

        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(script)));
    }

    @Test
    void writingThroughALinkInsideTheWorkspaceChangesItsTargetAndKeepsTheLink() throws IOException {
        Files.writeString(workspace.resolve("real.txt"), "before");
        Files.createSymbolicLink(workspace.resolve("alias.txt"), Path.of("real.txt"));

        tools.ok("write_file", "path", "alias.txt", "content", "after");

        assertEquals("after", Files.readString(workspace.resolve("real.txt")));
        assertTrue(Files.isSymbolicLink(workspace.resolve("alias.txt")));
    }

    @Test
    void aDirectoryCannotBeOverwritten() throws IOException {
        Files.createDirectory(workspace.resolve("src"));

        assertTrue(tools.error("write_file", "path", "src", "content", "x").contains("src is a directory"));
    }

    @Test
    void aFileInTheWayOfADirectoryIsReported() throws IOException {
        Files.writeString(workspace.resolve("notes"), "a file");

        String error = tools.error("write_file", "path", "notes/today.txt", "content", "x");

        assertTrue(error.startsWith("Error: write_file failed with"), error);
        assertEquals("a file", Files.readString(workspace.resolve("notes")));
    }
}
