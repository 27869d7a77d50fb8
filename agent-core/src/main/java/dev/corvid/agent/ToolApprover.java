package dev.corvid.agent;

import dev.corvid.model.ToolCall;

/**
 * Decides whether a tool call may run, before it runs: the place for a human in the loop or a policy.
 *
 * <p>A denial goes back to the model as the call's result, with the reason, so the model can change
 * course. The calls of a turn are reviewed one after another on the run's thread, before any of them
 * runs; the time a review takes does not count against the tool's timeout. An approver that cannot
 * decide at once (a person in a web page, say) returns {@link Approval#defer()}: the run then waits until
 * the call is answered through {@link RunHandle#approve(String)} or {@link RunHandle#deny(String, String)},
 * or until the agent's {@linkplain Agent.Builder#approvalTimeout(java.time.Duration) approval timeout}
 * denies it.
 */
@FunctionalInterface
public interface ToolApprover {

    /** Allows every call. */
    ToolApprover ALLOW_ALL = call -> Approval.allow();

    /** Defers every call to the run's handle: see {@link Approval#defer()}. */
    ToolApprover DEFER_ALL = call -> Approval.defer();

    /**
     * Reviews one call.
     *
     * @param call the tool and the arguments as the model sent them
     * @return whether the call may run; never null
     */
    Approval review(ToolCall call);

    /**
     * A decision about one tool call, or the word that it will come later.
     *
     * @param allowed whether the call may run
     * @param reason why it was denied, told to the model; null when allowed or deferred
     * @param deferred whether the decision will come later, through the run's handle
     */
    record Approval(boolean allowed, String reason, boolean deferred) {

        private static final Approval ALLOWED = new Approval(true, null, false);
        private static final Approval DEFERRED = new Approval(false, null, true);

        /**
         * Checks that a deferral allows nothing.
         *
         * @param allowed whether the call may run
         * @param reason why it was denied, told to the model; null when allowed or deferred
         * @param deferred whether the decision will come later, through the run's handle
         */
        public Approval {
            if (deferred && allowed) {
                throw new IllegalArgumentException("a deferred approval allows nothing yet");
            }
        }

        /**
         * Returns a decision without deferral.
         *
         * @param allowed whether the call may run
         * @param reason why it was denied; null when allowed
         */
        public Approval(boolean allowed, String reason) {
            this(allowed, reason, false);
        }

        /** {@return the word that a person will decide later, through the run's handle} */
        public static Approval defer() {
            return DEFERRED;
        }

        /** {@return the decision that lets the call run} */
        public static Approval allow() {
            return ALLOWED;
        }

        /**
         * {@return the decision that stops the call, with the reason the model is told}
         *
         * @param reason why the call is refused, as the model is told
         */
        public static Approval deny(String reason) {
            return new Approval(false, reason == null || reason.isBlank() ? "no reason given" : reason, false);
        }
    }
}
