package dev.corvid.mcp;

import dev.corvid.agent.Agent;
import dev.corvid.agent.RunEvent;
import dev.corvid.agent.RunHandle;
import dev.corvid.agent.RunResult;
import dev.corvid.model.Message;
import dev.corvid.model.ToolMessage;
import dev.corvid.testing.ScriptedChatModel;
import dev.corvid.tool.ToolSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

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

    /**
     * Runs an agent whose model calls one tool, cancels the run once the call is on its way to the server and
     * returns how the run ended. The caller's call timeout is minutes long, so that an ending within the 30
     * seconds waited here comes from the cancellation.
     */
    static RunResult<String> cancelledDuring(ToolSet tools, String tool, String arguments) throws Exception {
        ScriptedChatModel model = ScriptedChatModel.builder().callTool(tool, arguments).answer("never").build();
        CountDownLatch started = new CountDownLatch(1);
        // The set's tools, not the set: the agent does not close the servers, so the test can call them again.
        try (Agent agent = Agent.builder().model(model).tools(tools.tools().toArray()).build()) {
            RunHandle<String> handle = agent.runAsync("call " + tool, event -> {
                if (event instanceof RunEvent.ToolCallStarted) {
                    started.countDown();
                }
            });
            if (!started.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("the call did not start within 30 s");
            }
            Thread.sleep(300); // the request reaches the server
            handle.cancel();
            return handle.result().get(30, TimeUnit.SECONDS);
        }
    }
}
