package dev.corvid.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.model.ModelRequest;
import dev.corvid.model.ModelResponse;
import dev.corvid.model.ToolCall;
import dev.corvid.testing.ScriptedChatModel;
import dev.corvid.tool.Tool;
import dev.corvid.tool.ToolResult;
import java.time.Duration;
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
        public void onModelRequest(int turn, ModelRequest request) {
            events.add("request " + turn);
        }

        @Override
        public void onTextDelta(String text) {
            streamed.append(text);
        }

        @Override
        public void onTurnFinished(int turn, ModelResponse response) {
            events.add("turn " + turn + " " + response.usage().totalTokens());
        }

        @Override
        public void onToolCallStarted(ToolCall call) {
            events.add("start " + call.name());
        }

        @Override
        public void onToolCallFinished(ToolCall call, ToolResult result, Duration duration) {
            events.add("finish " + call.name() + " " + result.content() + (duration.isNegative() ? " ?" : ""));
        }

        @Override
        public void onRunFinished(RunResult<?> result) {
            events.add("done " + result.outcome());
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

        assertEquals(List.of("request 1", "turn 1 15", "start greet", "finish greet Hello, Ada", "request 2",
                "turn 2 15", "done ANSWERED"), recorder.events);
        assertEquals("I greeted Ada for you.", recorder.streamed.toString());
    }

    @Test
    void aListenerThatThrowsDoesNotBreakTheRun() {
        RunListener broken = new RunListener() {
            @Override
            public void onModelRequest(int turn, ModelRequest request) {
                throw new IllegalStateException("listener bug");
            }
        };
        Recorder recorder = new Recorder();
        RunResult<String> result = Agent.builder().model(ScriptedChatModel.builder().answer("fine").build())
                .listener(broken).listener(recorder).build().run("hi");
        assertEquals("fine", result.output());
        assertTrue(recorder.events.contains("request 1"), "later listeners still hear the event");
    }
}
