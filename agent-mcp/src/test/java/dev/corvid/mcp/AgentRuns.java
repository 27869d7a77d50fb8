package dev.corvid.mcp;

import dev.corvid.agent.Agent;
import dev.corvid.agent.RunResult;
import dev.corvid.model.Message;
import dev.corvid.model.ToolMessage;
import dev.corvid.testing.ScriptedChatModel;
import dev.corvid.tool.ToolSet;
import java.util.List;

/** Runs an agent with a scripted model over a tool set's current tools, as the tests' agent. */
final class AgentRuns {

    private AgentRuns() {
    }

    /**
     * Runs an agent whose model calls each tool with its arguments in turn and then answers; returns the tool
     * messages of the run, in order.
     *
     * @param calls tool names and argument texts, alternating
     */
    static List<ToolMessage> run(ToolSet tools, String... calls) {
        ScriptedChatModel.Builder script = ScriptedChatModel.builder();
        for (int i = 0; i < calls.length; i += 2) {
            script.callTool(calls[i], calls[i + 1]);
        }
        // The set is not closed with this agent: the tests share their servers.
        Agent agent = Agent.builder().model(script.answer("done").build()).tools(tools.tools().toArray()).build();
        RunResult<String> result = agent.run("use the tools");
        if (!"done".equals(result.text())) {
            throw new AssertionError("the run did not finish: " + result.outcome() + " " + result.detail());
        }
        List<ToolMessage> messages = new java.util.ArrayList<>();
        for (Message message : result.transcript()) {
            if (message instanceof ToolMessage tool) {
                messages.add(tool);
            }
        }
        return messages;
    }
}
