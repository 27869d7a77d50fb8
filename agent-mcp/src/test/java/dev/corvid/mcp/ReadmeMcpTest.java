package dev.corvid.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's MCP section: its Java compiles and its mcpServers file reads. */
class ReadmeMcpTest {

    private static String section() throws Exception {
        for (Path at = Path.of("").toAbsolutePath(); at != null; at = at.getParent()) {
            Path readme = at.resolve("README.md");
            if (Files.isRegularFile(readme) && Files.readString(readme).contains("## MCP tools")) {
                String text = Files.readString(readme);
                int start = text.indexOf("## MCP tools");
                return text.substring(start, text.indexOf("\n## ", start + 1));
            }
        }
        throw new IllegalStateException("README.md with an MCP tools section not found above "
                + Path.of("").toAbsolutePath());
    }

    private static String block(String section, String language) {
        int start = section.indexOf("```" + language + "\n") + language.length() + 4;
        return section.substring(start, section.indexOf("```", start));
    }

    @Test
    void theMcpSnippetCompiles(@TempDir Path directory) throws Exception {
        Path source = directory.resolve("McpAgent.java");
        Files.writeString(source, block(section(), "java"));
        int compiled = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-classpath",
                System.getProperty("java.class.path"), "-d", directory.toString(), source.toString());
        assertEquals(0, compiled, "the README's MCP snippet compiles");
    }

    @Test
    void theMcpServersExampleReads() throws Exception {
        List<McpServer.Builder> servers = McpConfig.parse(block(section(), "json"), "README.md", Path.of("/"),
                name -> "token-" + name);
        assertEquals(List.of("files", "search"), servers.stream().map(server -> server.name).toList());
        assertTrue(servers.get(1).headers.get("Authorization").equals("Bearer token-SEARCH_TOKEN"));
    }
}
