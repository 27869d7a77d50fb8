package dev.corvid.tools;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commands try to escape the bubblewrap sandbox; each attempt must fail, while the workspace stays usable. */
class SandboxTest {

    @TempDir
    Path workspace;
    @TempDir
    Path outside;
    /** A home directory outside /tmp, which the sandbox replaces with its own. */
    Path home;

    private Sandbox sandbox;

    @BeforeEach
    void needBubblewrap() throws IOException {
        // The build directory is no good as a home when the clone itself lies under /tmp.
        Path base = Path.of("target").toAbsolutePath();
        if (base.startsWith("/tmp")) {
            base = Path.of("/var/tmp");
        }
        Files.createDirectories(base);
        home = Files.createTempDirectory(base, "corvid-sandbox-home-");
        sandbox = Sandbox.bubblewrap().home(home);
        assumeTrue(sandbox.active(), "the sandbox tests need a working bwrap (Debian: apt-get install "
                + "bubblewrap; the kernel must allow user namespaces): " + sandbox.status());
    }

    @org.junit.jupiter.api.AfterEach
    void removeHome() throws IOException {
        if (home != null && Files.exists(home)) {
            try (var paths = Files.walk(home)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    private String run(Sandbox sandbox, String command) throws Exception {
        CodingTools tools = CodingTools.builder(workspace).sandbox(sandbox).build();
        return tools.runShell(command, 30, null);
    }

    private String run(String command) throws Exception {
        return run(sandbox, command);
    }

    @Test
    void commandsWriteInTheWorkspace() throws Exception {
        String result = run("echo made > inside.txt && cat inside.txt");
        assertTrue(result.startsWith("Exit code: 0"), result);
        assertTrue(Files.readString(workspace.resolve("inside.txt")).equals("made\n"));
    }

    @Test
    void writingOutsideTheWorkspaceFails() throws Exception {
        String result = run("echo escaped > '" + outside.resolve("x.txt") + "'");
        assertFalse(result.startsWith("Exit code: 0"), result);
        assertFalse(Files.exists(outside.resolve("x.txt")));
    }

    @Test
    void followingASymlinkOutOfTheWorkspaceFails() throws Exception {
        Files.createSymbolicLink(workspace.resolve("link"), outside);
        String result = run("echo escaped > link/x.txt");
        assertFalse(result.startsWith("Exit code: 0"), result);
        assertFalse(Files.exists(outside.resolve("x.txt")));
    }

    @Test
    void theHomeDirectorysSecretsAreHiddenButTheRestIsReadable() throws Exception {
        Files.createDirectories(home.resolve(".ssh"));
        Files.writeString(home.resolve(".ssh/id_ed25519"), "PRIVATE KEY\n");
        Files.writeString(home.resolve(".netrc"), "machine example.org password hunter2\n");
        Files.writeString(home.resolve("notes.txt"), "ordinary\n");
        String result = run("cat '" + home.resolve(".ssh/id_ed25519") + "' '" + home.resolve(".netrc") + "' '"
                + home.resolve("notes.txt") + "'");
        assertFalse(result.contains("PRIVATE KEY"), result);
        assertFalse(result.contains("hunter2"), result);
        assertTrue(result.contains("ordinary"), result);
    }

    @Test
    void secretsStayHiddenWhenTheWorkspaceIsTheHomeDirectory() throws Exception {
        Files.createDirectories(workspace.resolve(".ssh"));
        Files.writeString(workspace.resolve(".ssh/id_ed25519"), "PRIVATE KEY\n");
        String result = run(sandbox.home(workspace), "cat .ssh/id_ed25519");
        assertFalse(result.contains("PRIVATE KEY"), result);
    }

    @Test
    void aPortOnTheLoopbackIsOutOfReachWithoutNetwork() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
            String reach = "exec 3<>/dev/tcp/127.0.0.1/" + server.getLocalPort() + " && echo connected";
            String result = run(reach);
            assertFalse(result.contains("connected"), result);
            // The same command reaches the port when the network is allowed, so the refusal above is the sandbox's.
            String allowed = run(sandbox.network(true), reach);
            assertTrue(allowed.contains("connected"), allowed);
        }
    }

    @Test
    void tmpIsPrivate() throws Exception {
        String name = "corvid-sandbox-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        String result = run("echo hidden > /tmp/" + name + " && cat /tmp/" + name);
        assertTrue(result.contains("hidden"), result);
        assertFalse(Files.exists(Path.of("/tmp", name)), "the sandbox's /tmp is its own");
    }

    @Test
    void theStatusSaysCommandsAreSandboxed() {
        assertTrue(sandbox.status().contains("bubblewrap sandbox") && sandbox.status().contains("no network"),
                sandbox.status());
    }
}
