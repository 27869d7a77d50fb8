package dev.corvid.agent;

import dev.corvid.model.ToolCall;

/**
 * Decides whether a tool call may run, before it runs: the place for a human in the loop or a policy.
 *
 * <p>A denial goes back to the model as the call's result, with the reason, so the model can change
 * course. Called from the threads that run the tools, possibly for several calls at once; implementations
 * that ask a person must serialise the questions themselves.
 */
@FunctionalInterface
public interface ToolApprover {

    /** Allows every call. */
    ToolApprover ALLOW_ALL = call -> Approval.allow();

    /**
     * Reviews one call.
     *
     * @param call the tool and the arguments as the model sent them
     * @return whether the call may run; never null
     */
    Approval review(ToolCall call);

    /**
     * A decision about one tool call.
     *
     * @param allowed whether the call may run
     * @param reason why it was denied, told to the model; null when allowed
     */
    record Approval(boolean allowed, String reason) {

        private static final Approval ALLOWED = new Approval(true, null);

        /** Returns the decision that lets the call run. */
        public static Approval allow() {
            return ALLOWED;
        }

        /** Returns the decision that stops the call, with the reason the model is told. */
        public static Approval deny(String reason) {
            return new Approval(false, reason == null || reason.isBlank() ? "no reason given" : reason);
        }
    }
}
