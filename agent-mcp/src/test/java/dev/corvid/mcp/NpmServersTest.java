package dev.corvid.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.agent.Agent;
import dev.corvid.agent.RunOutcome;
import dev.corvid.agent.RunResult;
import dev.corvid.model.AssistantMessage;
import dev.corvid.model.ToolMessage;
import dev.corvid.openai.OpenAiCompatibleModel;
import dev.corvid.testing.FakeOpenAiServer;
import dev.corvid.testing.Reply;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** An agent with a scripted model uses the tools of the reference MCP servers from npm. */
class NpmServersTest {

    private static McpServer everything;

    @BeforeAll
    static void start() {
        everything = McpServer.builder("everything").command(NpmServers.everything("stdio")).build();
    }

    @AfterAll
    static void stop() {
        if (everything != null) {
            everything.close();
        }
    }

    @Test
    void anAgentEchoesThroughTheEverythingServerOverStdio() {
        List<ToolMessage> results = AgentRuns.run(everything, "echo", "{\"message\": \"hello from corvid\"}");
        assertFalse(results.get(0).error(), results.get(0).content());
        assertEquals("Echo: hello from corvid", results.get(0).content());
    }

    @Test
    void structuredContentComesBackAsJsonWhenTheToolDeclaresAnOutputSchema() {
        String content = Calls.call(everything, "get-structured-content", "{\"location\": \"Chicago\"}").content();
        assertTrue(content.startsWith("{\"temperature\":") && content.contains("\"humidity\":"), content);
    }

    @Test
    void anImageIsDescribedWithItsTypeAndSize() {
        String content = Calls.call(everything, "get-tiny-image", "{}").content();
        assertTrue(content.matches("(?s).*\\[image: image/png, [0-9.]+ (KB|bytes)].*"), content);
    }

    @Test
    void anEmbeddedResourceIsDescribedWithItsTypeAndSize() {
        String content = Calls.call(everything, "get-resource-reference", "{\"resourceType\": \"Blob\"}").content();
        assertTrue(content.matches("(?s).*\\[resource: demo://\\S+, [a-z/-]+, [0-9.]+ (KB|bytes)].*"), content);
    }

    @Test
    void anArgumentTheSchemaRejectsGoesBackToTheModelWithItsPath() {
        List<ToolMessage> results = AgentRuns.run(everything, "get-sum", "{\"a\": 1, \"b\": \"two\"}",
                "get-sum", "{\"a\": 1, \"b\": 2}");
        assertTrue(results.get(0).error());
        assertTrue(results.get(0).content().contains("argument 'b'") && results.get(0).content().contains("(got \"two\")"),
                results.get(0).content());
        assertTrue(results.get(1).content().contains("3"), results.get(1).content());
    }

    @Test
    void theServersSchemasAreSanitisedForGeminiLikeAnyToolsOnTheWire() {
        try (FakeOpenAiServer provider = FakeOpenAiServer.start();
             OpenAiCompatibleModel model = OpenAiCompatibleModel.builder().baseUrl(provider.baseUrl())
                     .model("google/gemini-2.0-flash-001").stream(false).build()) {
            provider.enqueue(Reply.completion(AssistantMessage.of("fine")));
            Agent.builder().model(model).tools(everything.tools().toArray()).build().run("hi");
            JsonNode echo = null;
            for (JsonNode tool : provider.lastRequest().json().path("tools")) {
                if (tool.path("function").path("name").asString().equals("echo")) {
                    echo = tool.path("function").path("parameters");
                }
            }
            assertTrue(echo != null && echo.path("properties").has("message"), String.valueOf(echo));
            assertFalse(echo.has("$schema"), "Gemini rejects $schema: " + echo);
            assertTrue(everything.tools().get(0).definition().parameters().has("$schema"), "the server sent one");
        }
    }

    @Test
    void theServersHintsBecomeApprovalGrades() {
        assertEquals(McpTool.Approval.AUTO, ((McpTool) Calls.find(everything.tools(), "echo")).approval());
        assertEquals(McpTool.Approval.ASK, ((McpTool) Calls.find(everything.tools(), "toggle-simulated-logging"))
                .approval());
    }

    @Test
    void anAgentEchoesThroughTheEverythingServerOverStreamableHttp() throws Exception {
        overStreamableHttp(http -> {
            List<ToolMessage> results = AgentRuns.run(http, "echo", "{\"message\": \"one\"}",
                    "echo", "{\"message\": \"two\"}", "get-sum", "{\"a\": 2, \"b\": 3}");
            assertEquals("Echo: one", results.get(0).content());
            assertEquals("Echo: two", results.get(1).content(), "the session carries on to a second call");
            assertTrue(results.get(2).content().contains("5"), results.get(2).content());
        });
    }

    @Test
    void cancellingARunDuringAStreamableHttpCallEndsItWithoutTheTimeoutAndTheSessionGoesOn() throws Exception {
        overStreamableHttp(http -> {
            RunResult<String> result = AgentRuns.cancelledDuring(http, "trigger-long-running-operation",
                    "{\"duration\": 240, \"steps\": 1}");
            assertEquals(RunOutcome.CANCELLED, result.outcome(), result.detail());
            assertEquals("Echo: after", Calls.call(http, "echo", "{\"message\": \"after\"}").content());
        });
    }

    /** What a test does with the everything server reached over Streamable HTTP. */
    private interface HttpUse {
        void accept(McpServer http) throws Exception;
    }

    /** Starts the everything server on a free port, reaches it over Streamable HTTP and ends it after the use. */
    private static void overStreamableHttp(HttpUse use) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder(NpmServers.everything("streamableHttp")).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("PORT", String.valueOf(port));
        Process node = builder.start();
        try {
            awaitListening(port);
            try (McpServer http = McpServer.builder("remote").url("http://127.0.0.1:" + port + "/mcp")
                    .header("Authorization", "Bearer not-checked-by-this-server")
                    .callTimeout(java.time.Duration.ofMinutes(5)).build()) {
                use.accept(http);
            }
        } finally {
            node.descendants().forEach(ProcessHandle::destroy);
            node.destroy();
        }
    }

    @Test
    void anAgentWritesAndReadsAFileThroughTheFilesystemServer(@TempDir Path directory) throws Exception {
        Path root = directory.toRealPath();
        try (McpServer files = McpServer.builder("files").command(NpmServers.command("server-filesystem",
                "dist/index.js", root.toString())).build()) {
            String note = root.resolve("note.txt").toString();
            List<ToolMessage> results = AgentRuns.run(files,
                    "write_file", "{\"path\": \"" + note + "\", \"content\": \"ravens remember faces\"}",
                    "read_text_file", "{\"path\": \"" + note + "\"}",
                    "read_text_file", "{}");
            assertFalse(results.get(0).error(), results.get(0).content());
            assertEquals("ravens remember faces", Files.readString(root.resolve("note.txt")));
            assertTrue(results.get(1).content().contains("ravens remember faces"), results.get(1).content());
            assertTrue(results.get(2).error());
            assertTrue(results.get(2).content().contains("missing required argument 'path'"), results.get(2).content());
        }
    }

    @Test
    void anAgentStoresAndReadsAKnowledgeGraphThroughTheMemoryServer(@TempDir Path directory) {
        try (McpServer memory = McpServer.builder("memory").command(NpmServers.command("server-memory",
                "dist/index.js")).environment("MEMORY_FILE_PATH", directory.resolve("memory.jsonl").toString())
                .build();
             McpTools tools = McpTools.of(List.of(memory), Set.of())) {
            List<ToolMessage> results = AgentRuns.run(tools,
                    "create_entities", "{\"entities\": [{\"name\": \"Corvid\", \"entityType\": \"project\","
                            + " \"observations\": [\"written in Java\"]}]}",
                    "read_graph", "{}",
                    "create_entities", "{\"entities\": \"Corvid\"}");
            assertFalse(results.get(0).error(), results.get(0).content());
            assertTrue(results.get(1).content().contains("written in Java"), results.get(1).content());
            assertTrue(results.get(2).error());
            assertTrue(results.get(2).content().contains("argument 'entities'"), results.get(2).content());
        }
    }

    private static void awaitListening(int port) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("the everything server did not listen on port " + port + " within 20 s");
    }
}
