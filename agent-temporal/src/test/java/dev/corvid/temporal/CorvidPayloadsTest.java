package dev.corvid.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.agent.RunState;
import dev.corvid.model.AssistantMessage;
import dev.corvid.model.FinishReason;
import dev.corvid.model.Message;
import dev.corvid.model.ModelResponse;
import dev.corvid.model.ToolCall;
import dev.corvid.model.Usage;
import io.temporal.api.common.v1.Payload;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CorvidPayloadsTest {

    private static <T> T roundTrip(Object value, Class<T> type) {
        Optional<Payload> payload = CorvidPayloads.dataConverter().toPayload(value);
        assertEquals("json/plain", payload.orElseThrow().getMetadataOrThrow("encoding").toStringUtf8());
        return CorvidPayloads.dataConverter().fromPayload(payload.get(), type, type);
    }

    @Test
    void aRunStateWithCallsOfTheTurnSurvivesThePayload() {
        ToolCall call = new ToolCall("call_1", "add", "{\"a\":1}", Map.of());
        RunState state = new RunState("run-1", List.of(Message.system("Be brief."), Message.user("Add."),
                new AssistantMessage(null, null, null, List.of(call), Map.of())), 1, List.of(),
                List.of(new RunState.CallState(call, RunState.CallState.Phase.READY, null)), Map.of("add", 1), 0,
                null, 0, null, null);

        RunState back = roundTrip(state, RunState.class);

        assertEquals(state.toJson(), back.toJson());
    }

    @Test
    void aModelResponseSurvivesThePayload() {
        ModelResponse response = new ModelResponse(new AssistantMessage("Let me add.", null, null,
                List.of(ToolCall.of("call_9", "add", "{\"a\": 2, \"b\": 3}")), Map.of()), FinishReason.TOOL_CALLS,
                Usage.of(120, 30), "qwen-plus", "resp-1");

        assertEquals(response, roundTrip(response, ModelResponse.class));
    }

    @Test
    void aClientOnTemporalsDefaultConverterIsTurnedAwayWithTheFix() {
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
            WorkflowClient plain = WorkflowClient.newInstance(env.getWorkflowServiceStubs(),
                    WorkflowClientOptions.newBuilder().build());
            IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                    () -> DurableRuns.of(plain, "q"));
            assertTrue(failure.getMessage().contains("CorvidPayloads.dataConverter()"), failure.getMessage());
        }
    }
}
