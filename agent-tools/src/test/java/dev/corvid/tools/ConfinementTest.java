package dev.corvid.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every way out of the workspace a model might try, for every tool that takes a path. */
class ConfinementTest {

    @TempDir
    Path parent;
    Path workspace;
    Path outside;
    Path sibling;
    ToolCalls tools;

    @BeforeEach
    void setUp() throws IOException {
        workspace = Files.createDirectory(parent.resolve("ws"));
        // Shares the workspace's name as a string prefix: "/tmp/x/ws2" starts with "/tmp/x/ws".
        sibling = Files.createDirectory(parent.resolve("ws2"));
        outside = Files.createDirectory(parent.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "outside secret\n");
        Files.writeString(sibling.resolve("secret.txt"), "sibling secret\n");
        Files.createDirectory(workspace.resolve("sub"));
        Files.writeString(workspace.resolve("sub/inside.txt"), "inside\n");
        tools = new ToolCalls(CodingTools.in(workspace));
    }

    private void assertRefused(String tool, Object... arguments) {
        String error = tools.error(tool, arguments);
        assertTrue(error.contains("SecurityException"), error);
        assertFalse(error.contains("secret\n"), error);
    }

    private void assertUntouched() throws IOException {
        assertEquals("outside secret\n", Files.readString(outside.resolve("secret.txt")));
        assertEquals("sibling secret\n", Files.readString(sibling.resolve("secret.txt")));
        try (var files = Files.list(outside)) {
            assertEquals(1, files.count(), "nothing may be created outside the workspace");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"../outside/secret.txt", "sub/../../outside/secret.txt", "../ws2/secret.txt",
            "./../outside/secret.txt", "~/secret.txt", "~"})
    void relativeEscapesAreRefusedByEveryTool(String path) throws IOException {
        assertRefused("read_file", "path", path);
        assertRefused("write_file", "path", path, "content", "pwned");
        assertRefused("edit_file", "path", path, "old_text", "secret", "new_text", "pwned");
        assertRefused("list_files", "path", path);
        assertRefused("search", "pattern", "secret", "path", path);
        assertUntouched();
    }

    @Test
    void absolutePathsOutsideAreRefusedByEveryTool() throws IOException {
        for (Path target : new Path[] {outside.resolve("secret.txt"), sibling.resolve("secret.txt"), Path.of("/etc")}) {
            String path = target.toString();
            assertRefused("read_file", "path", path);
            assertRefused("write_file", "path", path, "content", "pwned");
            assertRefused("edit_file", "path", path, "old_text", "secret", "new_text", "pwned");
            assertRefused("list_files", "path", path);
            assertRefused("search", "pattern", "secret", "path", path);
        }
        assertUntouched();
    }

    @Test
    void anAbsolutePathInsideIsRefusedWithTheRelativePathToUse() {
        String error = tools.error("read_file", "path", workspace.resolve("sub/inside.txt").toString());

        assertTrue(error.contains("absolute paths are not accepted; use the path relative to the workspace root "
                + "instead: 'sub/inside.txt'"), error);
    }

    @Test
    void aLinkToAFileOutsideIsRefused() throws IOException {
        Files.createSymbolicLink(workspace.resolve("link.txt"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(workspace.resolve("sibling.txt"), sibling.resolve("secret.txt"));

        for (String path : new String[] {"link.txt", "sibling.txt"}) {
            assertRefused("read_file", "path", path);
            assertRefused("write_file", "path", path, "content", "pwned");
            assertRefused("edit_file", "path", path, "old_text", "secret", "new_text", "pwned");
            assertRefused("search", "pattern", "secret", "path", path);
            assertRefused("list_files", "path", path);
        }
        assertUntouched();
    }

    @Test
    void aLinkToADirectoryOutsideIsRefusedAsAPathComponent() throws IOException {
        Files.createSymbolicLink(workspace.resolve("sub/door"), outside);
        Files.createSymbolicLink(workspace.resolve("door2"), sibling);

        for (String door : new String[] {"sub/door", "door2"}) {
            assertRefused("read_file", "path", door + "/secret.txt");
            assertRefused("write_file", "path", door + "/secret.txt", "content", "pwned");
            assertRefused("write_file", "path", door + "/new/file.txt", "content", "pwned");
            assertRefused("edit_file", "path", door + "/secret.txt", "old_text", "secret", "new_text", "pwned");
            assertRefused("list_files", "path", door);
            assertRefused("search", "pattern", "secret", "path", door);
        }
        assertUntouched();
    }

    @Test
    void listingAndSearchingTheWorkspaceNeverFollowLinksOut() throws IOException {
        Files.createSymbolicLink(workspace.resolve("door"), outside);
        Files.createSymbolicLink(workspace.resolve("link.txt"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(workspace.resolve("sibling.txt"), sibling.resolve("secret.txt"));

        assertEquals("sub/inside.txt", tools.ok("list_files"));
        assertTrue(tools.ok("search", "pattern", "secret").startsWith("No matches"));
    }

    @Test
    void aDanglingLinkPointingOutsideCannotBeWrittenThrough() throws IOException {
        Files.createSymbolicLink(workspace.resolve("trap.txt"), outside.resolve("planted.txt"));

        assertRefused("write_file", "path", "trap.txt", "content", "pwned");
        assertFalse(Files.exists(outside.resolve("planted.txt")));
    }

    @Test
    void aLinkCreatedByTheShellDuringTheRunIsCaughtOnTheNextCall() throws IOException {
        tools.ok("run_shell", "command", "ln -s ../outside/secret.txt late.txt && ln -s ../outside late-dir");

        assertRefused("read_file", "path", "late.txt");
        assertRefused("write_file", "path", "late.txt", "content", "pwned");
        assertRefused("edit_file", "path", "late.txt", "old_text", "secret", "new_text", "pwned");
        assertRefused("write_file", "path", "late-dir/planted.txt", "content", "pwned");
        assertRefused("read_file", "path", "late-dir/secret.txt");
        assertUntouched();
    }

    @Test
    void aLinkSwappedInAfterAReadIsCaughtByTheWrite() throws IOException {
        Files.writeString(workspace.resolve("notes.txt"), "harmless\n");
        tools.ok("read_file", "path", "notes.txt");
        Files.delete(workspace.resolve("notes.txt"));
        Files.createSymbolicLink(workspace.resolve("notes.txt"), outside.resolve("secret.txt"));

        assertRefused("edit_file", "path", "notes.txt", "old_text", "secret", "new_text", "pwned");
        assertUntouched();
    }

    @Test
    void dotDotThatStaysInsideIsFine() {
        assertEquals("     1\tinside", tools.ok("read_file", "path", "sub/../sub/./inside.txt"));
    }

    @Test
    void linksThatStayInsideAreFollowed() throws IOException {
        Files.createSymbolicLink(workspace.resolve("shortcut"), workspace.resolve("sub"));

        assertEquals("     1\tinside", tools.ok("read_file", "path", "shortcut/inside.txt"));
    }

    @Test
    void theWorkspaceMayItselfBeReachedThroughALink() throws IOException {
        Path alias = Files.createSymbolicLink(parent.resolve("alias"), workspace);
        ToolCalls viaAlias = new ToolCalls(CodingTools.in(alias));

        assertEquals("     1\tinside", viaAlias.ok("read_file", "path", "sub/inside.txt"));
        assertTrue(viaAlias.error("read_file", "path", "../outside/secret.txt").contains("SecurityException"));
    }
}
