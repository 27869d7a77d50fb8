package dev.corvid.mcp;

import dev.corvid.tool.FunctionTool;
import dev.corvid.tool.ToolContext;
import dev.corvid.tool.ToolDefinition;
import dev.corvid.tool.ToolResult;
import tools.jackson.databind.JsonNode;

/**
 * A tool of an MCP server, as the model sees it: the server's name (or {@code <server>__<tool>} where it
 * would clash), description and input schema, with the arguments validated against that schema before the
 * server is called.
 *
 * <p>Carries what the server says about the tool ({@link #hints()}) and the approval grade that follows
 * from it or from the user's configuration ({@link #approval()}), for an approver to read. Safe for
 * concurrent use.
 */
public final class McpTool implements FunctionTool {

    /**
     * What the server says about a tool's effects. Hints only: a server may be wrong, so a user's
     * configuration can override the grade they lead to.
     *
     * @param readOnly whether the tool changes nothing
     * @param destructive whether the tool may delete or overwrite (meaningful when not read-only)
     * @param idempotent whether calling it again with the same arguments has no further effect
     * @param openWorld whether the tool reaches beyond the server, e.g. to the web
     */
    public record Hints(boolean readOnly, boolean destructive, boolean idempotent, boolean openWorld) {

        /** The hints the MCP specification assumes for a tool that gives none. */
        public static final Hints DEFAULT = new Hints(false, true, false, true);
    }

    /** When a call of the tool needs the user's approval. */
    public enum Approval {
        /** Runs without asking, like a read-only tool. */
        AUTO,
        /** Asks, unless the user approves everything. */
        ASK,
        /** Asks in every mode that asks about anything, even where edits run unasked. */
        ALWAYS_ASK;

        /** {@return the grade the hints lead to: read-only tools run unasked, destructive ones always ask} */
        static Approval from(Hints hints) {
            return hints.readOnly() ? AUTO : hints.destructive() ? ALWAYS_ASK : ASK;
        }
    }

    private final McpServer server;
    private final String remoteName;
    private final boolean hasOutputSchema;
    private final Hints hints;
    private final Approval approval;
    private final FunctionTool checked;

    McpTool(McpServer server, String name, String remoteName, String description, JsonNode inputSchema,
            boolean hasOutputSchema, Hints hints, Approval approval) {
        this.server = server;
        this.remoteName = remoteName;
        this.hasOutputSchema = hasOutputSchema;
        this.hints = hints;
        this.approval = approval;
        this.checked = FunctionTool.of(name, description, inputSchema,
                (arguments, context) -> server.call(remoteName, hasOutputSchema, arguments));
    }

    /** {@return the same tool under another name, for a name that would clash} */
    McpTool renamed(String name) {
        return new McpTool(server, name, remoteName, definition().description(), definition().parameters(),
                hasOutputSchema, hints, approval);
    }

    @Override
    public ToolDefinition definition() {
        return checked.definition();
    }

    @Override
    public ToolResult invoke(String arguments, ToolContext context) {
        return checked.invoke(arguments, context);
    }

    /** {@return the name of the server the tool belongs to} */
    public String serverName() {
        return server.name();
    }

    /** {@return the tool's name on its server, which the model may know by another name} */
    public String remoteName() {
        return remoteName;
    }

    /** {@return what the server says about the tool's effects} */
    public Hints hints() {
        return hints;
    }

    /** {@return when a call needs the user's approval: configured for the tool or its server, else from the hints} */
    public Approval approval() {
        return approval;
    }

    @Override
    public String toString() {
        return "McpTool[" + definition().name() + " -> " + server.name() + "/" + remoteName + "]";
    }
}
