package dev.corvid.openai;

import dev.corvid.model.Cancellation;
import dev.corvid.model.ModelException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * How often and how patiently a failed request is sent again: for timeouts, rate limits, server errors
 * and broken connections, never for a request the provider rejected.
 *
 * <p>The pause before attempt {@code n + 1} is drawn at random between half and all of
 * {@code initialBackoff * 2^(n-1)}, capped at {@code maxBackoff}, and is never shorter than a
 * {@code Retry-After} the provider sent. No attempt starts after the deadline. Immutable.
 *
 * @param maxAttempts the most attempts, counting the first; 1 means no retries
 * @param initialBackoff the pause before the first retry, before jitter
 * @param maxBackoff the longest pause between attempts, unless the provider asks for a longer one
 * @param deadline the longest time from the first attempt after which no retry starts
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration deadline) {

    /** Four attempts, half a second doubling up to 20 seconds, within two minutes. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(4, Duration.ofMillis(500), Duration.ofSeconds(20),
            Duration.ofMinutes(2));

    /** One attempt, no retries. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO);

    /**
     * Checks that the numbers make sense.
     *
     * @param maxAttempts the most attempts, counting the first; 1 means no retries
     * @param initialBackoff the pause before the first retry, before jitter
     * @param maxBackoff the longest pause between attempts, unless the provider asks for a longer one
     * @param deadline the longest time from the first attempt after which no retry starts
     */
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        if (initialBackoff == null || maxBackoff == null || deadline == null || initialBackoff.isNegative()
                || maxBackoff.isNegative() || deadline.isNegative()) {
            throw new IllegalArgumentException("backoffs and deadline must be zero or positive durations");
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff must not be shorter than initialBackoff");
        }
    }

    /**
     * {@return a policy of the given number of attempts with the default pauses}
     *
     * @param maxAttempts the most attempts, counting the first
     */
    public static RetryPolicy attempts(int maxAttempts) {
        return new RetryPolicy(maxAttempts, DEFAULT.initialBackoff, DEFAULT.maxBackoff, DEFAULT.deadline);
    }

    /** Returns the pause before the attempt after {@code attempt}, at least {@code retryAfter} when given. */
    Duration pauseAfter(int attempt, Duration retryAfter) {
        long base = initialBackoff.toMillis() << Math.min(attempt - 1, 20);
        long capped = Math.min(Math.max(base, 0), maxBackoff.toMillis());
        long jittered = capped / 2 + (capped > 1 ? ThreadLocalRandom.current().nextLong(capped / 2 + 1) : capped);
        Duration pause = Duration.ofMillis(jittered);
        return retryAfter != null && retryAfter.compareTo(pause) > 0 ? retryAfter : pause;
    }

    /** Waits out a pause before a retry; cancellation ends the wait at once with a cancellation failure. */
    static void await(Duration pause, Cancellation cancellation, ModelException failure) {
        CountDownLatch cancelled = new CountDownLatch(1);
        try (Cancellation.Registration wake = cancellation.onCancel(cancelled::countDown)) {
            if (cancelled.await(pause.toNanos(), TimeUnit.NANOSECONDS)) {
                throw cancelled(failure);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw cancelled(failure);
        }
    }

    /** Returns the failure a cancelled request ends with. */
    static ModelException cancelled(ModelException cause) {
        return new ModelException("the model request was cancelled", false, cause);
    }
}
