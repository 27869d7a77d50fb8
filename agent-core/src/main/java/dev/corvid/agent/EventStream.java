package dev.corvid.agent;

import java.util.ArrayDeque;
import java.util.concurrent.Flow;

/**
 * The events of one run kept for one subscriber: every event is queued from the run's start and handed
 * over as the subscriber asks for them, so a late subscriber misses nothing. Events are delivered one at
 * a time, never concurrently, on whichever thread adds an event or asks for more. Thread-safe.
 */
final class EventStream implements RunListener, Flow.Publisher<RunEvent> {

    private final ArrayDeque<RunEvent> queue = new ArrayDeque<>();
    private Flow.Subscriber<? super RunEvent> subscriber;
    private long demand;
    private boolean ended;
    private Throwable failure;
    private boolean cancelled;
    private boolean delivering;
    private boolean closed;

    @Override
    public void onEvent(RunEvent event) {
        synchronized (this) {
            if (ended || cancelled) {
                return;
            }
            queue.add(event);
        }
        deliver();
    }

    /** Ends the stream after the queued events. */
    void complete() {
        synchronized (this) {
            ended = true;
        }
        deliver();
    }

    /** Ends the stream after the queued events, with the run's failure. */
    void fail(Throwable cause) {
        synchronized (this) {
            ended = true;
            failure = cause;
        }
        deliver();
    }

    @Override
    public void subscribe(Flow.Subscriber<? super RunEvent> newSubscriber) {
        if (newSubscriber == null) {
            throw new NullPointerException("subscriber");
        }
        synchronized (this) {
            if (subscriber == null) {
                subscriber = newSubscriber;
            } else {
                newSubscriber.onSubscribe(new Flow.Subscription() {
                    @Override
                    public void request(long n) {
                    }

                    @Override
                    public void cancel() {
                    }
                });
                newSubscriber.onError(new IllegalStateException("a run's events have one subscriber, and this run has one"));
                return;
            }
        }
        newSubscriber.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                if (n <= 0) {
                    synchronized (EventStream.this) {
                        cancelled = true;
                        failure = new IllegalArgumentException("request(" + n + "): demand must be positive");
                        ended = true;
                    }
                    closeWithError();
                    return;
                }
                synchronized (EventStream.this) {
                    demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
                }
                deliver();
            }

            @Override
            public void cancel() {
                synchronized (EventStream.this) {
                    cancelled = true;
                    queue.clear();
                }
            }
        });
        deliver();
    }

    private void closeWithError() {
        Flow.Subscriber<? super RunEvent> target;
        Throwable cause;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            target = subscriber;
            cause = failure;
        }
        target.onError(cause);
    }

    /** Hands queued events to the subscriber while it wants them; one thread at a time does it. */
    private void deliver() {
        while (true) {
            RunEvent next = null;
            boolean finish = false;
            Throwable cause = null;
            Flow.Subscriber<? super RunEvent> target;
            synchronized (this) {
                if (delivering || subscriber == null || closed || cancelled) {
                    return;
                }
                target = subscriber;
                if (demand > 0 && !queue.isEmpty()) {
                    next = queue.poll();
                    demand--;
                } else if (queue.isEmpty() && ended) {
                    finish = true;
                    closed = true;
                    cause = failure;
                } else {
                    return;
                }
                delivering = true;
            }
            try {
                if (finish) {
                    if (cause == null) {
                        target.onComplete();
                    } else {
                        target.onError(cause);
                    }
                    return;
                }
                target.onNext(next);
            } finally {
                synchronized (this) {
                    delivering = false;
                }
            }
        }
    }
}
