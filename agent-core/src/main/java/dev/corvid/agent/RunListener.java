package dev.corvid.agent;

/**
 * Hears the events of agent runs: requests, streamed text, approvals, tool calls, turns, the end.
 *
 * <p>Events arrive on the threads that cause them, in order within a run; the tool events of one turn
 * may arrive from several threads at once, so a listener added to an agent must be thread-safe. A
 * listener must return quickly: it runs inside the run. A listener that throws is logged and otherwise
 * ignored: it never breaks a run.
 *
 * <pre>{@code
 * agent.runAsync("Summarise the report", event -> {
 *     if (event instanceof RunEvent.TextDelta delta) {
 *         System.out.print(delta.text());
 *     }
 * });
 * }</pre>
 */
@FunctionalInterface
public interface RunListener {

    /** A listener that ignores everything. */
    RunListener NONE = event -> { };

    /**
     * Receives one event.
     *
     * @param event what happened; never null
     */
    void onEvent(RunEvent event);
}
