package dev.corvid.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.model.AssistantMessage;
import dev.corvid.model.FinishReason;
import dev.corvid.model.ModelResponse;
import dev.corvid.model.ToolCall;
import dev.corvid.model.Usage;
import dev.corvid.model.UserMessage;
import dev.corvid.tool.Tool;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Each run's events reach its own listener or stream, complete and in order, never another run's. */
class RunEventsTest {

    static class Echo {
        @Tool("Echoes a word")
        public String echo(String word) {
            return word;
        }
    }

    /** A model that streams its prompt back word by word after one echo call, so every run's text is its own. */
    private static final dev.corvid.model.ChatModel ECHOING = request -> {
        String prompt = request.messages().stream().filter(UserMessage.class::isInstance)
                .map(message -> ((UserMessage) message).text()).reduce((a, b) -> b).orElseThrow();
        boolean called = request.messages().stream().anyMatch(AssistantMessage.class::isInstance);
        if (!called) {
            return new ModelResponse(AssistantMessage.ofToolCalls(List.of(ToolCall.of("e", "echo",
                    "{\"word\":\"" + prompt + "\"}"))), FinishReason.TOOL_CALLS, Usage.of(1, 1), null, null);
        }
        for (String piece : prompt.split("(?<=-)")) {
            request.listener().onTextDelta(piece);
            Thread.yield();
        }
        return new ModelResponse(AssistantMessage.of(prompt), FinishReason.STOP, Usage.of(1, 1), null, null);
    };

    private static List<String> kinds(List<RunEvent> events) {
        List<String> kinds = new ArrayList<>();
        for (RunEvent event : events) {
            String kind = event.getClass().getSimpleName();
            if (!kind.equals("Checkpoint") && !kind.equals("TextDelta")) {
                kinds.add(kind + " " + event.turn());
            }
        }
        return kinds;
    }

    @Test
    void fiftyConcurrentStreamingRunsOnOneAgentEachReceiveExactlyTheirOwnEventsInOrder() throws Exception {
        Agent agent = Agent.builder().model(ECHOING).tools(new Echo()).build();
        int runs = 50;
        List<List<RunEvent>> received = new ArrayList<>();
        List<RunHandle<String>> handles = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            List<RunEvent> events = new CopyOnWriteArrayList<>();
            received.add(events);
            handles.add(agent.runAsync("run-" + i + "-of-many-words", events::add));
        }
        for (int i = 0; i < runs; i++) {
            RunResult<String> result = handles.get(i).result().get(30, TimeUnit.SECONDS);
            List<RunEvent> events = received.get(i);
            String runId = result.runId();
            assertTrue(events.stream().allMatch(event -> event.runId().equals(runId)), "run " + i + " heard another run");
            assertEquals(List.of("RunStarted 0", "RequestSent 1", "TurnFinished 1", "ToolCallStarted 1",
                    "ToolCallFinished 1", "RequestSent 2", "TurnFinished 2", "RunFinished 2"), kinds(events), "run " + i);
            StringBuilder text = new StringBuilder();
            events.stream().filter(RunEvent.TextDelta.class::isInstance)
                    .forEach(event -> text.append(((RunEvent.TextDelta) event).text()));
            assertEquals("run-" + i + "-of-many-words", text.toString(), "run " + i + "'s text, in order");
            assertEquals(text.toString(), result.output());
        }
    }

    @Test
    void aStreamedRunsEventsReachALateSubscriberFromTheFirstAndThenComplete() throws Exception {
        Agent agent = Agent.builder().model(ECHOING).tools(new Echo()).build();
        RunHandle<String> handle = agent.stream("hello-world");
        handle.result().get(10, TimeUnit.SECONDS); // subscribe only after the run has ended
        List<RunEvent> events = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> completed = new CompletableFuture<>();
        handle.events().subscribe(new Flow.Subscriber<RunEvent>() {
            private Flow.Subscription subscription;

            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                this.subscription = subscription;
                subscription.request(1);
            }

            @Override
            public void onNext(RunEvent item) {
                events.add(item);
                subscription.request(1); // one at a time: the stream honours the demand
            }

            @Override
            public void onError(Throwable throwable) {
                completed.completeExceptionally(throwable);
            }

            @Override
            public void onComplete() {
                completed.complete(null);
            }
        });
        completed.get(10, TimeUnit.SECONDS);
        assertInstanceOf(RunEvent.RunStarted.class, events.get(0));
        assertInstanceOf(RunEvent.RunFinished.class, events.get(events.size() - 1));
        assertEquals(List.of("RunStarted 0", "RequestSent 1", "TurnFinished 1", "ToolCallStarted 1",
                "ToolCallFinished 1", "RequestSent 2", "TurnFinished 2", "RunFinished 2"), kinds(events));
    }

    @Test
    void aSecondSubscriberIsToldThatTheEventsHaveOne() throws Exception {
        RunHandle<String> handle = Agent.builder().model(ECHOING).tools(new Echo()).build().stream("x");
        handle.events().subscribe(new Collecting());
        Collecting second = new Collecting();
        handle.events().subscribe(second);
        assertInstanceOf(IllegalStateException.class, second.failure.get(10, TimeUnit.SECONDS));
        handle.join();
    }

    @Test
    void aRunStartedWithoutStreamTellsHowToGetItsEvents() {
        RunHandle<String> handle = Agent.builder().model(ECHOING).tools(new Echo()).build().runAsync("x");
        IllegalStateException failure = assertThrows(IllegalStateException.class, handle::events);
        assertTrue(failure.getMessage().contains("agent.stream("), failure.getMessage());
        handle.join();
    }

    private static final class Collecting implements Flow.Subscriber<RunEvent> {
        final CompletableFuture<Throwable> failure = new CompletableFuture<>();

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(RunEvent item) {
        }

        @Override
        public void onError(Throwable throwable) {
            failure.complete(throwable);
        }

        @Override
        public void onComplete() {
            failure.complete(null);
        }
    }
}
