package dev.corvid.mcp;

/**
 * Thrown when an MCP server cannot be started or reached. The message names the server, its command or URL,
 * what went wrong and, for a process, the last lines it wrote to stderr.
 */
public final class McpServerException extends RuntimeException {

    /** The version of the serial form. */
    private static final long serialVersionUID = 1L;

    /** The name of the server that failed. */
    private final String serverName;

    McpServerException(String serverName, String message, Throwable cause) {
        super(message, cause);
        this.serverName = serverName;
    }

    /** {@return the name of the server that failed} */
    public String serverName() {
        return serverName;
    }
}
