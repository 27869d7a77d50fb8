package dev.corvid.tool;

import java.util.List;

/**
 * A set of tools that is opened before an agent runs and closed with it, and whose members may change
 * while it is open, such as the tools of a Model Context Protocol server.
 *
 * <p>Add one to an agent with {@code Agent.Builder.tools(...)} like any tool source. The agent asks for
 * {@link #tools()} before every model request, so a change reaches the model on its next request, and
 * closes the set when the agent is closed. Implementations must be thread-safe: concurrent runs of one
 * agent read the set at the same time.
 */
public interface ToolSet extends AutoCloseable {

    /**
     * Returns the tools offered now.
     *
     * @return the current tools, in a stable order; never null
     */
    List<FunctionTool> tools();

    /**
     * {@return a number that changes whenever {@link #tools()} would return something else, so that callers
     * can keep what they built from the last list until it changes} Constant by default.
     *
     */
    default long version() {
        return 0;
    }

    /** Releases what the set holds (processes, connections); does nothing by default. */
    @Override
    default void close() {
    }
}
