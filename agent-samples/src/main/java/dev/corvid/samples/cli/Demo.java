package dev.corvid.samples.cli;

import dev.corvid.agent.Agent;
import dev.corvid.agent.ToolApprover;
import dev.corvid.model.Message;
import dev.corvid.model.Transcript;
import dev.corvid.openai.OpenAiCompatibleModel;
import dev.corvid.testing.FakeOpenAiServer;
import dev.corvid.testing.Reply;
import dev.corvid.tools.CodingTools;
import dev.corvid.tools.ProjectRules;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The offline demo: a scripted model, served over loopback HTTP like a real provider, drives the real
 * coding agent through a small project with a bug, in a temporary workspace that is removed afterwards.
 */
final class Demo {

    static final String TASK = "The calculator's checks fail. Find the bug, fix it, and make sure the checks pass.";

    private final TaskRunner runner;
    private final PrintStream err;

    Demo(TaskRunner runner, PrintStream err) {
        this.runner = runner;
        this.err = err;
    }

    int run(CliOptions options) {
        Path workspace;
        try {
            workspace = Files.createTempDirectory("corvid-demo-");
            Files.createDirectories(workspace.resolve("src"));
            Files.writeString(workspace.resolve(DemoScript.SOURCE_PATH), DemoScript.SOURCE);
            Files.writeString(workspace.resolve("README.md"), DemoScript.README);
        } catch (IOException e) {
            err.println("corvid: could not create the demo's temporary workspace: " + e.getMessage());
            return ExitStatus.USAGE;
        }
        DemoScript script = new DemoScript(Path.of(System.getProperty("java.home"), "bin", "java"));
        try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
            server.otherwise(request -> {
                List<Message> transcript = Transcript.fromJson(request.json().path("messages").toString());
                var reply = script.next(transcript);
                return request.json().path("stream").asBoolean(false) ? Reply.stream(reply) : Reply.completion(reply);
            });
            try (OpenAiCompatibleModel model = OpenAiCompatibleModel.builder().baseUrl(server.baseUrl())
                    .model("corvid-demo").stream(options.stream()).build()) {
                err.println("corvid demo: no account needed. A scripted model served over loopback HTTP ("
                        + server.baseUrl() + ") drives the real agent and tools in " + workspace);
                err.println("corvid demo: tool calls are approved automatically; the task: " + TASK);
                err.println();
                ProgressPrinter progress = new ProgressPrinter(err);
                Agent agent = AgentSetup.agent(options, model, CodingTools.in(workspace), ToolApprover.ALLOW_ALL, progress,
                        ProjectRules.read(workspace), null);
                return runner.execute(agent, null, TASK, progress, null);
            }
        } finally {
            delete(workspace);
        }
    }

    private static void delete(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
