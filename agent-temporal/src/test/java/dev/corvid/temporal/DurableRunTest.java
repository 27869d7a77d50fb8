package dev.corvid.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.agent.Agent;
import dev.corvid.agent.RunOutcome;
import dev.corvid.agent.RunResult;
import dev.corvid.model.ToolCall;
import dev.corvid.model.Transcript;
import dev.corvid.testing.ScriptedChatModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DurableRunTest {

    private final Temporal temporal = new Temporal();

    @AfterEach
    void close() {
        temporal.close();
    }

    private static ScriptedChatModel parallelScript() {
        return ScriptedChatModel.builder()
                .callTools(ToolCall.of("call_a", "add", "{\"a\": 2, \"b\": 3}"),
                        ToolCall.of("call_w", "weather", "{\"city\": \"Paris\"}"))
                .answer("5, and sunny in Paris")
                .build();
    }

    private static Agent agent(ScriptedChatModel model, Desk desk) {
        return Agent.builder().model(model).instructions("You are a careful clerk.").tools(desk).build();
    }

    @Test
    void aRunWithParallelCallsEndsWithTheTranscriptOfTheInProcessRunner() {
        RunResult<String> inProcess = agent(parallelScript(), new Desk()).run("Add 2 and 3, and the weather in Paris?");
        Desk desk = new Desk();
        ScriptedChatModel model = parallelScript();
        temporal.worker(agent(model, desk));

        DurableRun<String> run = temporal.runs.start("Add 2 and 3, and the weather in Paris?");
        RunResult<String> durable = run.result();

        assertEquals(RunOutcome.ANSWERED, durable.outcome());
        assertEquals("5, and sunny in Paris", durable.output());
        assertEquals(Transcript.toJson(inProcess.transcript()), Transcript.toJson(durable.transcript()));
        assertEquals(inProcess.usage(), durable.usage());
        assertEquals(2, durable.turns());
        assertEquals(1, desk.runs("call_a"));
        assertEquals(1, desk.runs("call_w"));
        assertTrue(desk.runIds.stream().allMatch(run.runId()::equals), "tools see the workflow id as the run id");
    }
}
