package dev.corvid.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A one-way signal that asks work in progress to stop: a model request, a running tool, a whole run.
 *
 * <p>Work that blocks registers an action with {@link #onCancel(Runnable)} (closing a connection,
 * interrupting a thread) and removes it when done. {@link #cancel()} runs every registered action once,
 * on the cancelling thread. Thread-safe.
 */
public final class Cancellation {

    /** Undoes an {@link #onCancel(Runnable)} registration; closing twice does nothing. */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    private final List<Runnable> actions = new ArrayList<>();
    private boolean cancelled;

    /** Creates a signal that has not fired. */
    public Cancellation() {
    }

    /** {@return whether {@link #cancel()} has been called} */
    public synchronized boolean isCancelled() {
        return cancelled;
    }

    /**
     * Fires the signal: runs every registered action once. Calling it again does nothing. An action that
     * throws does not keep the others from running.
     */
    public void cancel() {
        List<Runnable> toRun;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            toRun = List.copyOf(actions);
            actions.clear();
        }
        RuntimeException first = null;
        for (Runnable action : toRun) {
            try {
                action.run();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /**
     * Registers an action to run when the signal fires; runs it at once if it already has.
     *
     * @param action what stops the work; never null
     * @return a registration to close when the work is over
     */
    public Registration onCancel(Runnable action) {
        if (action == null) {
            throw new IllegalArgumentException("action must not be null");
        }
        synchronized (this) {
            if (!cancelled) {
                actions.add(action);
                return () -> {
                    synchronized (this) {
                        actions.remove(action);
                    }
                };
            }
        }
        action.run();
        return () -> { };
    }
}
