package dev.corvid.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where bwrap is missing, commands run as plain processes and the status says why. */
class SandboxFallbackTest {

    @TempDir
    Path workspace;
    @TempDir
    Path outside;

    private final Sandbox missing = Sandbox.bubblewrap(Path.of("/nonexistent/bin/bwrap"));

    @Test
    void aMissingBwrapLeavesTheSandboxInactiveAndSaysHowToGetIt() {
        assertFalse(missing.active());
        assertTrue(missing.status().contains("not sandboxed") && missing.status().contains("apt-get install bubblewrap"),
                missing.status());
    }

    @Test
    void withoutBwrapCommandsStillRunAsPlainProcesses() throws Exception {
        CodingTools tools = CodingTools.builder(workspace).sandbox(missing).build();
        String result = tools.runShell("echo plain > '" + outside.resolve("x.txt") + "'", 30, null);
        assertTrue(result.startsWith("Exit code: 0"), result);
        assertEquals("plain\n", Files.readString(outside.resolve("x.txt")));
    }

    @Test
    void noSandboxIsTheDefault() {
        assertFalse(CodingTools.in(workspace).sandbox().active());
        assertEquals("shell commands are not sandboxed", CodingTools.in(workspace).sandbox().status());
    }
}
