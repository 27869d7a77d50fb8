package dev.corvid.temporal;

import java.time.Duration;

/**
 * How a worker carries out durable runs: the activities' timeouts and retries, the size of what a tool
 * may return, and when a long run continues as a new workflow execution.
 *
 * <p>The timeout of each tool call comes from the agent ({@code Agent.Builder.toolTimeout}); the activity
 * gets that much plus one heartbeat timeout, so the tool is stopped by its own timeout first and the
 * activity's timeout only catches a worker that died.
 *
 * @param modelTimeout how long one model call may take, retries by the model client included
 * @param modelAttempts how often a model call is tried in all when it fails with a retryable error
 * @param toolAttempts how often a tool call is tried in all when its worker dies or stops under it
 * @param heartbeatTimeout how long a worker may go silent during a call before the call is tried again
 *     elsewhere; heartbeats go out at a third of it
 * @param maxResultChars the longest tool result kept whole; a longer one keeps its head and tail around a
 *     marker, so that no result comes near Temporal's payload limit of about 2 MB
 * @param continueAfterEvents the history length after which a run continues as a new execution
 */
public record DurableOptions(Duration modelTimeout, int modelAttempts, int toolAttempts, Duration heartbeatTimeout,
                             int maxResultChars, int continueAfterEvents) {

    /** The options used when none are given. */
    public static final DurableOptions DEFAULT = builder().build();

    /**
     * Checks every option.
     *
     * @param modelTimeout how long one model call may take
     * @param modelAttempts how often a model call is tried in all
     * @param toolAttempts how often a tool call is tried in all
     * @param heartbeatTimeout how long a worker may go silent during a call
     * @param maxResultChars the longest tool result kept whole
     * @param continueAfterEvents the history length after which a run continues as new
     */
    public DurableOptions {
        requirePositive(modelTimeout, "modelTimeout");
        requirePositive(heartbeatTimeout, "heartbeatTimeout");
        if (heartbeatTimeout.compareTo(Duration.ofSeconds(3)) < 0) {
            throw new IllegalArgumentException("heartbeatTimeout must be at least 3 s, was " + heartbeatTimeout);
        }
        if (modelAttempts < 1 || toolAttempts < 1) {
            throw new IllegalArgumentException("modelAttempts and toolAttempts must be at least 1 (1 = no retry)");
        }
        if (maxResultChars < 1_000) {
            throw new IllegalArgumentException("maxResultChars must be at least 1000, was " + maxResultChars);
        }
        if (continueAfterEvents < 100) {
            throw new IllegalArgumentException("continueAfterEvents must be at least 100, was " + continueAfterEvents);
        }
    }

    /**
     * Returns a builder with the defaults: 10 min per model call, 5 model attempts, 3 tool attempts, 30 s
     * heartbeat timeout, 100,000-character results, continue-as-new after 10,000 history events.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    private static void requirePositive(Duration duration, String name) {
        if (duration == null || duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, was " + duration);
        }
    }

    /** Builds {@link DurableOptions}; not thread-safe. */
    public static final class Builder {
        private Duration modelTimeout = Duration.ofMinutes(10);
        private int modelAttempts = 5;
        private int toolAttempts = 3;
        private Duration heartbeatTimeout = Duration.ofSeconds(30);
        private int maxResultChars = 100_000;
        private int continueAfterEvents = 10_000;

        private Builder() {
        }

        /**
         * Sets how long one model call may take.
         *
         * @param timeout the value
         * @return this builder
         */
        public Builder modelTimeout(Duration timeout) {
            this.modelTimeout = timeout;
            return this;
        }

        /**
         * Sets how often a model call is tried in all; 1 for no retry.
         *
         * @param attempts the value
         * @return this builder
         */
        public Builder modelAttempts(int attempts) {
            this.modelAttempts = attempts;
            return this;
        }

        /**
         * Sets how often a tool call is tried in all when its worker dies; 1 for at most once.
         *
         * @param attempts the value
         * @return this builder
         */
        public Builder toolAttempts(int attempts) {
            this.toolAttempts = attempts;
            return this;
        }

        /**
         * Sets how long a worker may go silent during a call; at least 3 s.
         *
         * @param timeout the value
         * @return this builder
         */
        public Builder heartbeatTimeout(Duration timeout) {
            this.heartbeatTimeout = timeout;
            return this;
        }

        /**
         * Sets the longest tool result kept whole; at least 1000 characters.
         *
         * @param chars the value
         * @return this builder
         */
        public Builder maxResultChars(int chars) {
            this.maxResultChars = chars;
            return this;
        }

        /**
         * Sets the history length after which a run continues as new; at least 100 events.
         *
         * @param events the value
         * @return this builder
         */
        public Builder continueAfterEvents(int events) {
            this.continueAfterEvents = events;
            return this;
        }

        /**
         * Returns the options, checked.
         *
         * @return the options
         * @throws IllegalArgumentException when an option is out of range, saying which
         */
        public DurableOptions build() {
            return new DurableOptions(modelTimeout, modelAttempts, toolAttempts, heartbeatTimeout, maxResultChars,
                    continueAfterEvents);
        }
    }
}
