package dev.corvid.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.model.ToolMessage;
import dev.corvid.testing.ScriptedChatModel;
import dev.corvid.tool.FunctionTool;
import dev.corvid.tool.Tool;
import dev.corvid.tool.ToolDefinition;
import dev.corvid.tool.ToolSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Tool sets are read before every request and closed with the agent. */
class ToolSetTest {

    private static FunctionTool named(String name, String answer) {
        return FunctionTool.of(name, "says " + answer, JsonMapper.builder().build().readTree("{\"type\":\"object\"}"),
                (arguments, context) -> answer);
    }

    static final class Changing implements ToolSet {
        volatile List<FunctionTool> tools = List.of(named("first", "one"));
        volatile long version;
        final AtomicBoolean closed = new AtomicBoolean();

        @Override
        public List<FunctionTool> tools() {
            return tools;
        }

        @Override
        public long version() {
            return version;
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

    static class Builtin {
        @Tool("A tool of the agent's own")
        public String first() {
            return "builtin";
        }
    }

    @Test
    void aChangeInAToolSetReachesTheModelOnItsNextRequestAndItsNewToolRuns() {
        Changing set = new Changing();
        List<List<String>> offered = new CopyOnWriteArrayList<>();
        ScriptedChatModel model = ScriptedChatModel.builder()
                .reply(request -> {
                    offered.add(request.tools().stream().map(ToolDefinition::name).toList());
                    set.tools = List.of(named("first", "one"), named("second", "two"));
                    set.version = 1;
                    return dev.corvid.model.ModelResponse.of(dev.corvid.model.AssistantMessage.ofToolCalls(
                            List.of(dev.corvid.model.ToolCall.of("c", "second", "{}"))));
                })
                .reply(request -> {
                    offered.add(request.tools().stream().map(ToolDefinition::name).toList());
                    return dev.corvid.model.ModelResponse.of(dev.corvid.model.AssistantMessage.of("done"));
                })
                .build();
        RunResult<String> result;
        try (Agent agent = Agent.builder().model(model).tools(set).build()) {
            result = agent.run("go");
        }
        assertEquals(List.of(List.of("first"), List.of("first", "second")), offered);
        ToolMessage ran = (ToolMessage) result.transcript().get(2);
        assertEquals("two", ran.content());
        assertTrue(set.closed.get(), "closing the agent closed its tool set");
    }

    @Test
    void aToolSetsToolNamedLikeOneOfTheAgentsOwnLeavesTheAgentsOwnInPlace() {
        Changing set = new Changing();
        ScriptedChatModel model = ScriptedChatModel.builder().callTool("first", "{}").answer("done").build();
        RunResult<String> result = Agent.builder().model(model).tools(new Builtin(), set).build().run("go");
        assertEquals("builtin", ((ToolMessage) result.transcript().get(2)).content());
    }
}
