package dev.corvid.mcp;

/**
 * Thrown when an MCP server cannot be started or reached. The message names the server, its command or URL,
 * what went wrong and, for a process, the last lines it wrote to stderr.
 */
public final class McpServerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String serverName;

    McpServerException(String serverName, String message, Throwable cause) {
        super(message, cause);
        this.serverName = serverName;
    }

    /** Returns the name of the server that failed. */
    public String serverName() {
        return serverName;
    }
}
