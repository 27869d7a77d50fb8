package dev.corvid.temporal;

/**
 * Something that happened in a durable run, as its workflow records it for clients that follow the run;
 * the durable counterpart of {@link dev.corvid.agent.RunEvent}, without streamed text.
 *
 * @param index the event's number in the run, from 0, counting on across continue-as-new
 * @param kind what happened
 * @param turn the turn it belongs to: the number of requests sent so far
 * @param callId the tool call's id; null for events of no call
 * @param tool the tool's name; null for events of no call
 * @param detail a short account for people (the answer's start, a result's start, a reason, an outcome);
 *     null when there is nothing to add
 */
public record DurableEvent(long index, Kind kind, int turn, String callId, String tool, String detail) {

    /** The most events one query returns. */
    public static final int PAGE = 500;

    /** What happened. */
    public enum Kind {
        /** The run started, or a new execution continued it. */
        RUN_STARTED,
        /** A request went to the model. */
        REQUEST_SENT,
        /** The model answered; the detail is the start of its text. */
        TURN_FINISHED,
        /** The model failed for good; the run fails with it. */
        REQUEST_FAILED,
        /** A call waits for a person's decision; the detail is the tool's preview. */
        APPROVAL_REQUESTED,
        /** A call was denied; the detail is the reason. */
        TOOL_CALL_DENIED,
        /** A call was handed to a worker. */
        TOOL_CALL_STARTED,
        /** A call succeeded; the detail is the start of its result. */
        TOOL_CALL_FINISHED,
        /** A call failed; the detail is the start of the error. */
        TOOL_CALL_FAILED,
        /** The run ended; the detail is the outcome and why. */
        RUN_FINISHED
    }
}
