package dev.corvid.agent;

import dev.corvid.model.Cancellation;
import dev.corvid.model.ToolCall;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The approvals of one run: asks the approver, and holds the calls it deferred until the run's handle
 * answers them, the approval timeout denies them, or the run is cancelled. Thread-safe.
 */
final class Approvals {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition answered = lock.newCondition();
    private final Map<String, ToolCall> waiting = new LinkedHashMap<>();
    private final Map<String, ToolApprover.Approval> answers = new HashMap<>();
    private final Cancellation cancellation;

    Approvals(Cancellation cancellation) {
        this.cancellation = cancellation;
        cancellation.onCancel(this::wake);
    }

    /**
     * Returns the decision on a call: the approver's, or, when it defers, the answer given through the
     * handle; null when the run was cancelled first.
     */
    ToolApprover.Approval review(ToolApprover approver, ToolCall call, Duration timeout) {
        ToolApprover.Approval approval;
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        try {
            approval = timeout == null ? approver.review(call) : reviewWithin(approver, call, timeout);
        } catch (RuntimeException e) {
            approval = ToolApprover.Approval.deny("the approval check failed: " + e.getMessage());
        }
        if (approval == null) {
            return ToolApprover.Approval.deny("the approver gave no decision");
        }
        return approval.deferred() ? awaitAnswer(call, deadline, timeout) : approval;
    }

    private static ToolApprover.Approval reviewWithin(ToolApprover approver, ToolCall call, Duration timeout) {
        Future<ToolApprover.Approval> review;
        try {
            review = Threads.tools().submit(() -> approver.review(call));
        } catch (RejectedExecutionException e) {
            return ToolApprover.Approval.deny("the approval could not be asked for: the executor refused it");
        }
        try {
            return review.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            review.cancel(true);
            return timedOut(timeout);
        } catch (InterruptedException e) {
            review.cancel(true);
            Thread.currentThread().interrupt();
            return ToolApprover.Approval.deny("the run was stopped before the call was approved");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure
                    : new IllegalStateException(String.valueOf(e.getCause()), e.getCause());
        }
    }

    private ToolApprover.Approval awaitAnswer(ToolCall call, long deadline, Duration timeout) {
        lock.lock();
        try {
            waiting.put(call.id(), call);
            while (!answers.containsKey(call.id())) {
                if (cancellation.isCancelled()) {
                    return null;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return timedOut(timeout);
                }
                try {
                    answered.awaitNanos(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
            return answers.remove(call.id());
        } finally {
            waiting.remove(call.id());
            lock.unlock();
        }
    }

    private static ToolApprover.Approval timedOut(Duration timeout) {
        return ToolApprover.Approval.deny("nobody answered within the approval timeout of " + timeout);
    }

    /** Answers a deferred call; throws when the call does not wait. */
    void answer(String callId, ToolApprover.Approval approval) {
        lock.lock();
        try {
            if (!waiting.containsKey(callId)) {
                throw new IllegalArgumentException("no call with id '" + callId + "' awaits approval in this run; "
                        + "waiting: " + waiting.keySet());
            }
            answers.put(callId, approval);
            answered.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Returns the calls that wait for an answer through the handle. */
    List<ToolCall> waiting() {
        lock.lock();
        try {
            return List.copyOf(waiting.values());
        } finally {
            lock.unlock();
        }
    }

    private void wake() {
        lock.lock();
        try {
            answered.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
