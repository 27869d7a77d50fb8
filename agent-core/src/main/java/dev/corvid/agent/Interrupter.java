package dev.corvid.agent;

/**
 * Interrupts the thread that made it while that thread is inside a call, and never once the call is over:
 * how a run stops a model or a tool that waits without looking at its cancellation signal.
 */
final class Interrupter implements Runnable {

    private final Thread thread = Thread.currentThread();
    private boolean inCall = true;

    /** Interrupts the thread, unless its call is over. */
    @Override
    public synchronized void run() {
        if (inCall) {
            thread.interrupt();
        }
    }

    /** Marks the call over: from now on {@link #run()} does nothing. */
    synchronized void callEnded() {
        inCall = false;
    }
}
