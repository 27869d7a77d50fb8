package dev.corvid.agent;

import dev.corvid.model.StreamListener;
import java.util.List;

/**
 * The listeners of one run, the agent's and the run's own, as one; a listener that throws is logged and
 * skipped, never breaking the run. When nobody listens, {@link #on()} is false and the run builds no
 * event at all.
 */
final class Events implements RunListener {

    private static final System.Logger LOG = System.getLogger(Events.class.getName());

    private final RunListener[] listeners;

    Events(List<RunListener> agentListeners, RunListener runListener) {
        int size = agentListeners.size() + (runListener == null ? 0 : 1);
        this.listeners = new RunListener[size];
        for (int i = 0; i < agentListeners.size(); i++) {
            listeners[i] = agentListeners.get(i);
        }
        if (runListener != null) {
            listeners[size - 1] = runListener;
        }
    }

    /** Returns whether anybody listens. */
    boolean on() {
        return listeners.length > 0;
    }

    @Override
    public void onEvent(RunEvent event) {
        for (RunListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "run listener " + listener.getClass().getName() + " failed", e);
            }
        }
    }

    /** Returns where a model request's streamed text goes: nowhere when nobody listens. */
    StreamListener stream(String runId, int turn) {
        if (!on()) {
            return StreamListener.NONE;
        }
        return new StreamListener() {
            @Override
            public void onTextDelta(String text) {
                onEvent(new RunEvent.TextDelta(runId, turn, text));
            }

            @Override
            public void onReasoningDelta(String text) {
                onEvent(new RunEvent.ReasoningDelta(runId, turn, text));
            }
        };
    }
}
