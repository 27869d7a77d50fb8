package dev.corvid.mcp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Server processes end with the JVM that started them, also when it is stopped without closing them. */
class ShutdownTest {

    /** Starts a server, prints its process id and waits to be stopped. */
    public static final class Program {
        public static void main(String[] arguments) throws Exception {
            McpServer.builder("left-open").command(ScriptedMcpServer.command("stubborn")).build();
            long pid = ProcessHandle.current().children().mapToLong(ProcessHandle::pid).max().orElseThrow();
            System.out.println("server " + pid);
            Thread.sleep(60_000);
        }
    }

    @Test
    void stoppingTheJvmAsCtrlCDoesEndsItsServers() throws Exception {
        Process jvm = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Program.class.getName()))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertTrue(line != null && line.startsWith("server "), "the program printed " + line);
            ProcessHandle server = ProcessHandle.of(Long.parseLong(line.substring(7))).orElseThrow();
            assertTrue(server.isAlive());
            jvm.destroy(); // SIGTERM, which runs shutdown hooks as Ctrl-C's SIGINT does
            assertTrue(jvm.waitFor(20, TimeUnit.SECONDS), "the JVM did not stop within 20 s");
            server.onExit().get(10, TimeUnit.SECONDS);
            assertFalse(server.isAlive());
        } finally {
            jvm.destroyForcibly();
        }
    }
}
