package dev.corvid.mcp;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The npm MCP servers that {@code .ci/mcp-servers} installs, found without the network. */
final class NpmServers {

    private static final String HOW = "install Node 20+ and run .ci/mcp-servers (it puts the servers in .mcp-servers/)";

    private NpmServers() {
    }

    /** Returns the command line that runs an installed server's entry point with node; skips the test without it. */
    static List<String> command(String packageName, String entry, String... arguments) {
        String folder = System.getProperty("corvid.mcp.servers", ".mcp-servers");
        Path script = Path.of(folder, "node_modules", "@modelcontextprotocol", packageName, entry);
        assumeTrue(Files.isRegularFile(script), "MCP server " + packageName + " is not installed: " + HOW);
        String node = which("node");
        assumeTrue(node != null, "node is not on the PATH: " + HOW);
        List<String> command = new java.util.ArrayList<>(List.of(node, script.toAbsolutePath().toString()));
        command.addAll(List.of(arguments));
        return command;
    }

    static List<String> everything(String transport) {
        return command("server-everything", "dist/index.js", transport);
    }

    private static String which(String program) {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(directory, program);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }
}
