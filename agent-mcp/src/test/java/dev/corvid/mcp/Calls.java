package dev.corvid.mcp;

import dev.corvid.agent.RunListener;
import dev.corvid.model.Cancellation;
import dev.corvid.tool.FunctionTool;
import dev.corvid.tool.ToolContext;
import dev.corvid.tool.ToolResult;
import java.util.List;

/** Calls tools as an agent would, for the tests. */
final class Calls {

    private Calls() {
    }

    static ToolContext context() {
        return new ToolContext("run-1", "call-1", new Cancellation(), RunListener.NONE);
    }

    static FunctionTool find(List<FunctionTool> tools, String name) {
        return tools.stream().filter(tool -> tool.definition().name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no tool " + name + " in "
                        + tools.stream().map(tool -> tool.definition().name()).toList()));
    }

    static ToolResult call(McpServer server, String tool, String arguments) {
        return find(server.tools(), tool).invoke(arguments, context());
    }
}
