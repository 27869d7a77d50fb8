package dev.corvid.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.agent.Agent;
import dev.corvid.agent.RunResult;
import dev.corvid.agent.ToolApprover;
import dev.corvid.model.ChatModel;
import dev.corvid.model.ToolCall;
import dev.corvid.testing.ScriptedChatModel;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Guards determinism: a history recorded from a run (parallel calls, a person's approval, an answer) must
 * replay with today's workflow and decision function. A change that would break workflows already running
 * fails here; when a change is meant to, version it with {@code Workflow.getVersion} and record a new
 * history with {@code -Dcorvid.recordHistory=true}.
 */
class DurableReplayTest {

    static final String HISTORY = "histories/parallel-calls-and-approval.json";

    /** Defers the Oslo call to a person and allows the others. */
    static final ToolApprover ASK_FOR_OSLO = call -> call.arguments().contains("Oslo")
            ? ToolApprover.Approval.defer() : ToolApprover.Approval.allow();

    static Agent agent(ChatModel model, Agent.Builder builder) {
        return builder.model(model).instructions("You are a careful clerk.").tools(new Desk()).approver(ASK_FOR_OSLO)
                .build();
    }

    private static ScriptedChatModel script() {
        return ScriptedChatModel.builder()
                .callTools(ToolCall.of("call_add", "add", "{\"a\": 1, \"b\": 2}"),
                        ToolCall.of("call_rome", "weather", "{\"city\": \"Rome\"}"))
                .callTool("weather", "{\"city\": \"Oslo\"}")
                .answer("3, sunny in Rome and in Oslo.")
                .build();
    }

    /** A model that fails the test if the replay asks it anything: a replay runs no activity. */
    private static final ChatModel UNREACHABLE = request -> {
        throw new AssertionError("a replay must not call the model");
    };

    private static void replay(Agent agent) throws Exception {
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                .setWorkflowClientOptions(WorkflowClientOptions.newBuilder()
                        .setDataConverter(CorvidPayloads.dataConverter()).build())
                .build())) {
            Worker worker = env.newWorker(Temporal.QUEUE);
            CorvidWorker.register(worker, agent);
            WorkflowReplayer.replayWorkflowExecutionFromResource(HISTORY, worker);
        }
    }

    @Test
    void aRecordedRunReplaysWithTodaysDecisionFunction() throws Exception {
        replay(agent(UNREACHABLE, Agent.builder()));
    }

    @Test
    void aDecisionFunctionThatWouldDecideOtherwiseFailsTheReplay() {
        // With one turn allowed the machine would end the run where the history asked the model again.
        assertThrows(RuntimeException.class, () -> replay(agent(UNREACHABLE, Agent.builder().maxTurns(1))));
    }

    @Test
    @EnabledIfSystemProperty(named = "corvid.recordHistory", matches = "true")
    void recordTheHistory() throws Exception {
        try (Temporal temporal = new Temporal()) {
            temporal.worker(agent(script(), Agent.builder()));
            DurableRun<String> run = temporal.runs.start("Add 1 and 2, then the weather in Rome and Oslo.");
            Temporal.await("the Oslo call awaits a person", () -> run.events(-1).stream()
                    .anyMatch(event -> event.kind() == DurableEvent.Kind.APPROVAL_REQUESTED));
            run.approve("call_1");
            RunResult<String> result = run.result();
            assertEquals("3, sunny in Rome and in Oslo.", result.output());
            String json = temporal.env.getWorkflowClient().fetchHistory(run.runId()).toJson(true);
            Path file = Path.of("src/test/resources", HISTORY);
            Files.createDirectories(file.getParent());
            Files.writeString(file, json);
            assertTrue(Files.size(file) > 0);
        }
    }
}
