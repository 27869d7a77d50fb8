package dev.corvid.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.agent.Agent;
import dev.corvid.agent.RunOutcome;
import dev.corvid.agent.RunResult;
import dev.corvid.model.AuthenticationException;
import dev.corvid.model.ModelResponse;
import dev.corvid.model.RateLimitException;
import dev.corvid.model.ServerException;
import dev.corvid.model.ToolMessage;
import dev.corvid.model.UserMessage;
import dev.corvid.testing.ScriptedChatModel;
import java.time.Duration;
import java.util.function.Function;
import dev.corvid.model.ModelRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DurableFailureTest {

    private final Temporal temporal = new Temporal();
    private final Desk desk = new Desk();

    @AfterEach
    void close() {
        temporal.close();
    }

    private static Function<ModelRequest, ModelResponse> failing(RuntimeException failure) {
        return request -> {
            throw failure;
        };
    }

    @Test
    void aRetryableModelFailureIsRetriedAndTheRunGoesOn() {
        ScriptedChatModel model = ScriptedChatModel.builder()
                .reply(failing(new ServerException("the provider is overloaded", 503, null, null, "req-1", true, null)))
                .answer("Here after a retry.")
                .build();
        temporal.worker(Agent.builder().model(model).tools(desk).build());

        RunResult<String> result = temporal.runs.start("Hello?").result();

        assertEquals(RunOutcome.ANSWERED, result.outcome());
        assertEquals("Here after a retry.", result.output());
        assertEquals(2, model.requests().size());
    }

    @Test
    void aRateLimitWaitsForItsRetryAfter() {
        ScriptedChatModel model = ScriptedChatModel.builder()
                .reply(failing(new RateLimitException("slow down", 429, "rate_limited", "slow down", null,
                        Duration.ofMinutes(5), true, null)))
                .answer("Patience paid.")
                .build();
        temporal.worker(Agent.builder().model(model).tools(desk).build());
        long before = temporal.env.currentTimeMillis();

        RunResult<String> result = temporal.runs.start("Hello?").result();

        assertEquals("Patience paid.", result.output());
        assertTrue(temporal.env.currentTimeMillis() - before >= Duration.ofMinutes(5).toMillis(),
                "the retry waited for the provider's Retry-After");
    }

    @Test
    void aClientErrorIsNotRetriedAndFailsTheRunWithTheTypedException() {
        ScriptedChatModel model = ScriptedChatModel.builder()
                .reply(failing(new AuthenticationException("the API key was refused", 401, "invalid_api_key",
                        "Incorrect API key", "req-9", true, null)))
                .answer("never")
                .build();
        temporal.worker(Agent.builder().model(model).tools(desk).build());
        DurableRun<String> run = temporal.runs.start("Hello?");

        AuthenticationException failure = assertThrows(AuthenticationException.class, run::result);

        assertEquals(1, model.requests().size(), "a 401 is never sent again");
        assertEquals(401, failure.status());
        assertEquals("invalid_api_key", failure.providerCode());
        assertEquals("req-9", failure.requestId());
        assertTrue(failure.transcript().get(failure.transcript().size() - 1) instanceof UserMessage,
                "the failure carries the transcript so far");
        assertTrue(run.events(-1).stream().anyMatch(event -> event.kind() == DurableEvent.Kind.REQUEST_FAILED));
    }

    @Test
    void aRetryableFailureThatOutlastsTheAttemptsFailsTheRun() {
        ScriptedChatModel model = ScriptedChatModel.builder()
                .reply(failing(new ServerException("down", 500, null, null, null, true, null)))
                .reply(failing(new ServerException("still down", 500, null, null, null, true, null)))
                .build();
        temporal.worker(Agent.builder().model(model).tools(desk).build(),
                DurableOptions.builder().modelAttempts(2).build());

        ServerException failure = assertThrows(ServerException.class, () -> temporal.runs.start("Hello?").result());

        assertEquals(2, model.requests().size());
        assertEquals("still down", failure.getMessage());
    }

    @Test
    void aResultTooLargeForAPayloadIsCutToHeadAndTail() {
        ScriptedChatModel model = ScriptedChatModel.builder()
                .callTool("report", "{\"chars\": 3000000}")
                .answer("The report is long.")
                .build();
        temporal.worker(Agent.builder().model(model).tools(desk).build());

        RunResult<String> result = temporal.runs.start("The report, please.").result();

        assertEquals(RunOutcome.ANSWERED, result.outcome());
        ToolMessage report = (ToolMessage) result.transcript().get(result.transcript().size() - 2);
        assertTrue(report.content().length() < 101_000, "cut to about 100,000 characters");
        assertTrue(report.content().contains("2900000 characters omitted"), report.content().substring(49_990, 50_100));
        assertTrue(report.content().startsWith("RRRR") && report.content().endsWith("RRRR"));
        assertEquals(1, desk.runs("call_1"));
    }
}
