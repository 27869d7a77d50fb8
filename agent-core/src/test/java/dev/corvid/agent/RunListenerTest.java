package dev.corvid.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.testing.ScriptedChatModel;
import dev.corvid.tool.Tool;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class RunListenerTest {

    static class Greeter {
        @Tool
        public String greet(String name) {
            return "Hello, " + name;
        }
    }

    static class Recorder implements RunListener {
        final List<String> events = new CopyOnWriteArrayList<>();
        final StringBuilder streamed = new StringBuilder();

        @Override
        public void onEvent(RunEvent event) {
            if (event instanceof RunEvent.RunStarted started) {
                events.add("start run " + started.turn());
            } else if (event instanceof RunEvent.RequestSent sent) {
                events.add("request " + sent.turn());
            } else if (event instanceof RunEvent.TextDelta delta) {
                streamed.append(delta.text());
            } else if (event instanceof RunEvent.TurnFinished turn) {
                events.add("turn " + turn.turn() + " " + turn.usage().usage().totalTokens());
            } else if (event instanceof RunEvent.ToolCallStarted started) {
                events.add("start " + started.call().name() + " in turn " + started.turn());
            } else if (event instanceof RunEvent.ToolCallFinished finished) {
                events.add("finish " + finished.call().name() + " " + finished.result().content()
                        + (finished.duration().isNegative() ? " ?" : ""));
            } else if (event instanceof RunEvent.RunFinished finished) {
                events.add("done " + finished.result().outcome() + " after " + finished.turn());
            }
        }
    }

    @Test
    void listenersHearEveryStepOfARunInOrder() {
        Recorder recorder = new Recorder();
        ScriptedChatModel model = ScriptedChatModel.builder()
                .callTool("greet", "{\"name\": \"Ada\"}")
                .answer("I greeted Ada for you.")
                .build();
        Agent.builder().model(model).tools(new Greeter()).listener(recorder).build().run("greet Ada");

        assertEquals(List.of("start run 0", "request 1", "turn 1 15", "start greet in turn 1", "finish greet Hello, Ada",
                "request 2", "turn 2 15", "done ANSWERED after 2"), recorder.events);
        assertEquals("I greeted Ada for you.", recorder.streamed.toString());
    }

    @Test
    void aListenerThatThrowsDoesNotBreakTheRun() {
        RunListener broken = event -> {
            throw new IllegalStateException("listener bug");
        };
        Recorder recorder = new Recorder();
        RunResult<String> result = Agent.builder().model(ScriptedChatModel.builder().answer("fine").build())
                .listener(broken).listener(recorder).build().run("hi");
        assertEquals("fine", result.output());
        assertTrue(recorder.events.contains("request 1"), "later listeners still hear the event");
    }
}
