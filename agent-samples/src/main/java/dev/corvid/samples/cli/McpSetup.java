package dev.corvid.samples.cli;

import dev.corvid.agent.ToolApprover;
import dev.corvid.mcp.McpServerException;
import dev.corvid.mcp.McpTool;
import dev.corvid.mcp.McpTools;
import dev.corvid.tool.FunctionTool;
import dev.corvid.tool.ToolSet;
import dev.corvid.tools.CodingTools;
import java.io.BufferedReader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The MCP side of {@code corvid --mcp}: starts the servers of the files and grades their tools' calls.
 * Kept apart so that a run without {@code --mcp} never loads the MCP SDK.
 */
final class McpSetup {

    /** Held so the level sticks: the SDK's start-up messages are noise between the agent's progress lines. */
    private static final java.util.logging.Logger SDK_LOG = java.util.logging.Logger.getLogger("io.modelcontextprotocol");

    private McpSetup() {
    }

    /**
     * Starts the servers that the files describe; their tools never take the names of the coding tools.
     *
     * @throws IllegalArgumentException when a file is wrong or a server cannot start, with a message naming it
     */
    static ToolSet start(List<Path> files) {
        if (SDK_LOG.getLevel() == null) {
            SDK_LOG.setLevel(java.util.logging.Level.WARNING);
        }
        Set<String> builtIn = new HashSet<>(CodingTools.MUTATING_TOOLS);
        builtIn.addAll(CodingTools.READ_ONLY_TOOLS);
        try {
            return McpTools.start(files, builtIn);
        } catch (McpServerException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * Returns an approver that grades calls of MCP tools by their approval grade and the {@code --approval}
     * mode, and hands every other call to the coding tools' approver.
     */
    static ToolApprover approver(ToolSet mcp, CliOptions.ApprovalMode mode, ToolApprover coding,
                                 BufferedReader terminal, PrintStream err) {
        TerminalApprover asking = TerminalApprover.askingAboutAll(terminal, err);
        return call -> {
            McpTool tool = find(mcp, call.name());
            if (tool == null) {
                return coding.review(call);
            }
            if (mode == CliOptions.ApprovalMode.YES || tool.approval() == McpTool.Approval.AUTO) {
                return ToolApprover.Approval.allow();
            }
            if (mode == CliOptions.ApprovalMode.READ_ONLY) {
                return ToolApprover.Approval.deny("corvid runs read-only (--approval read-only), and " + call.name()
                        + " of MCP server '" + tool.serverName() + "' is not marked read-only, so it is not allowed; "
                        + "say what you would do instead");
            }
            return asking.review(call);
        };
    }

    private static McpTool find(ToolSet mcp, String name) {
        for (FunctionTool tool : mcp.tools()) {
            if (tool.definition().name().equals(name) && tool instanceof McpTool mcpTool) {
                return mcpTool;
            }
        }
        return null;
    }
}
