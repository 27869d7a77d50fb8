package dev.corvid.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.agent.Agent;
import dev.corvid.agent.RunResult;
import dev.corvid.temporal.CorvidPayloads;
import dev.corvid.testing.ScriptedChatModel;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class DurableAgentTest {

    @Test
    void theSampleRunsItsAgentDurablyAndFollowsTheEvents() {
        ScriptedChatModel model = ScriptedChatModel.builder()
                .callTool("multiply", "{\"a\": 12.5, \"b\": 8.25}")
                .answer("12.5 times 8.25 is 103.125.")
                .build();
        Agent agent = RemoteAgent.agent(model);
        List<String> lines = new CopyOnWriteArrayList<>();
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                .setWorkflowClientOptions(WorkflowClientOptions.newBuilder()
                        .setDataConverter(CorvidPayloads.dataConverter()).build())
                .build())) {
            RunResult<String> result = DurableAgent.run(env.getWorkflowClient(), agent, "What is 12.5 times 8.25?",
                    lines::add);

            assertEquals("12.5 times 8.25 is 103.125.", result.output());
            assertEquals("103.125", ((dev.corvid.model.ToolMessage) model.lastRequest().lastMessage()).content());
            assertTrue(lines.stream().anyMatch(line -> line.contains("TOOL_CALL_FINISHED multiply: 103.125")), lines.toString());
            assertTrue(lines.stream().anyMatch(line -> line.contains("RUN_FINISHED: ANSWERED")), lines.toString());
        }
    }
}
