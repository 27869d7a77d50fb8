package dev.corvid.agent;

import dev.corvid.model.AssistantMessage;
import dev.corvid.model.Cost;
import dev.corvid.model.Message;
import dev.corvid.model.ToolCall;
import dev.corvid.model.Usage;
import dev.corvid.tool.ToolResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything needed to continue an agent run: an immutable value that a run holds after every step and
 * that round-trips through JSON without loss.
 *
 * <p>Save a state (from a {@link RunEvent.Checkpoint} or {@link RunResult#state()}) with
 * {@link #toJson()}, read it back with {@link #fromJson(String)}, and continue it with
 * {@link Agent#resume(RunState)} on an agent with the same configuration, in this process or another. A
 * state that awaits approvals is answered with {@link #approve(String)} and {@link #deny(String, String)}
 * before it is resumed. What the run does next follows from the state alone: see {@link RunMachine}.
 *
 * @param runId the run's id; never null
 * @param transcript every message so far, including the history the run started from; never null
 * @param turn how many requests were sent to the model
 * @param perTurn the tokens and cost of each request, in order; never null
 * @param calls the calls of the current turn with what became of each so far; empty between turns
 * @param failuresInARow per tool name, how many of its calls failed in a row; never null
 * @param invalidAnswersInARow how many structured answers in a row did not fit the answer type
 * @param repeatedCall the last call's name and arguments, for the loop guard; null before any call
 * @param repeats how many times in a row that same call was asked for
 * @param outcome how the run ended; null while it goes on
 * @param detail why the run ended without an answer; null while it goes on or when it answered
 * @param context what the run knows of its context window and how its requests are compacted; never null
 */
public record RunState(String runId, List<Message> transcript, int turn, List<TurnUsage> perTurn,
                       List<CallState> calls, Map<String, Integer> failuresInARow, int invalidAnswersInARow,
                       String repeatedCall, int repeats, RunOutcome outcome, String detail, Context context) {

    /**
     * Checks the fields and copies the collections.
     *
     * @param runId the run's id; never null
     * @param transcript every message so far, including the history the run started from; never null
     * @param turn how many requests were sent to the model
     * @param perTurn the tokens and cost of each request, in order; never null
     * @param calls the calls of the current turn with what became of each so far; empty between turns
     * @param failuresInARow per tool name, how many of its calls failed in a row; never null
     * @param invalidAnswersInARow how many structured answers in a row did not fit the answer type
     * @param repeatedCall the last call's name and arguments, for the loop guard; null before any call
     * @param repeats how many times in a row that same call was asked for
     * @param outcome how the run ended; null while it goes on
     * @param detail why the run ended without an answer; null while it goes on or when it answered
     * @param context what the run knows of its context window; null for {@link Context#NONE}
     */
    public RunState {
        if (runId == null || runId.isBlank()) {
            throw new IllegalArgumentException("a run state needs a run id");
        }
        if (transcript == null || transcript.isEmpty()) {
            throw new IllegalArgumentException("a run state needs a transcript of at least one message");
        }
        if (turn < 0 || invalidAnswersInARow < 0 || repeats < 0) {
            throw new IllegalArgumentException("turn and counters must not be negative");
        }
        transcript = List.copyOf(transcript);
        perTurn = perTurn == null ? List.of() : List.copyOf(perTurn);
        calls = calls == null ? List.of() : List.copyOf(calls);
        failuresInARow = failuresInARow == null ? Map.of() : Map.copyOf(failuresInARow);
        context = context == null ? Context.NONE : context;
        if (context.task() >= transcript.size() || context.keptFrom() > transcript.size()) {
            throw new IllegalArgumentException("the run state's context points past its transcript of "
                    + transcript.size() + " messages");
        }
    }

    /**
     * Creates a state whose requests were never compacted; see the canonical constructor.
     *
     * @param runId the run's id
     * @param transcript every message so far
     * @param turn how many requests were sent to the model
     * @param perTurn the tokens and cost of each request
     * @param calls the calls of the current turn
     * @param failuresInARow per tool name, how many of its calls failed in a row
     * @param invalidAnswersInARow how many structured answers in a row did not fit the answer type
     * @param repeatedCall the last call's name and arguments, for the loop guard
     * @param repeats how many times in a row that same call was asked for
     * @param outcome how the run ended; null while it goes on
     * @param detail why the run ended without an answer
     */
    public RunState(String runId, List<Message> transcript, int turn, List<TurnUsage> perTurn, List<CallState> calls,
                    Map<String, Integer> failuresInARow, int invalidAnswersInARow, String repeatedCall, int repeats,
                    RunOutcome outcome, String detail) {
        this(runId, transcript, turn, perTurn, calls, failuresInARow, invalidAnswersInARow, repeatedCall, repeats,
                outcome, detail, Context.NONE);
    }

    /**
     * Returns the state of a run that has not sent its first request.
     *
     * @param runId the run's id
     * @param transcript the messages to start from, ending with the user's prompt
     * @return the state
     */
    public static RunState start(String runId, List<Message> transcript) {
        return new RunState(runId, transcript, 0, List.of(), List.of(), Map.of(), 0, null, 0, null, null,
                Context.NONE.withTask(transcript == null ? -1 : transcript.size() - 1));
    }

    /** {@return whether the run has ended} */
    public boolean isFinished() {
        return outcome != null;
    }

    /** {@return the tokens summed over every turn; a count is null when any turn did not report it} */
    public Usage usage() {
        Usage total = Usage.ZERO;
        for (TurnUsage each : perTurn) {
            total = total.plus(each.usage());
        }
        return total;
    }

    /** {@return what the run cost so far; null when the price or a turn's usage is unknown} */
    public Cost cost() {
        Cost total = null;
        for (TurnUsage each : perTurn) {
            if (each.cost() == null) {
                return null;
            }
            total = total == null ? each.cost() : total.plus(each.cost());
        }
        return total;
    }

    /** {@return the calls that wait for an approval; empty when none does} */
    public List<ToolCall> awaitingApproval() {
        List<ToolCall> waiting = new ArrayList<>();
        for (CallState call : calls) {
            if (call.phase() == CallState.Phase.AWAITING_APPROVAL) {
                waiting.add(call.call());
            }
        }
        return waiting;
    }

    /**
     * Returns this state with a call allowed to run.
     *
     * @param callId the id of a call that awaits approval
     * @return the new state
     * @throws IllegalArgumentException when no call of that id awaits approval
     */
    public RunState approve(String callId) {
        return answer(callId, ToolApprover.Approval.allow());
    }

    /**
     * Returns this state with a call denied; the model is told the reason.
     *
     * @param callId the id of a call that awaits approval
     * @param reason why, for the model; a blank reason becomes "no reason given"
     * @return the new state
     * @throws IllegalArgumentException when no call of that id awaits approval
     */
    public RunState deny(String callId, String reason) {
        return answer(callId, ToolApprover.Approval.deny(reason));
    }

    private RunState answer(String callId, ToolApprover.Approval approval) {
        List<CallState> answered = new ArrayList<>(calls);
        for (int i = 0; i < answered.size(); i++) {
            CallState call = answered.get(i);
            if (call.call().id().equals(callId) && call.phase() == CallState.Phase.AWAITING_APPROVAL) {
                answered.set(i, approval.allowed() ? call.approved() : call.denied(approval.reason()));
                return withCalls(answered);
            }
        }
        throw new IllegalArgumentException("no call with id '" + callId + "' awaits approval; waiting: "
                + awaitingApproval().stream().map(ToolCall::id).toList());
    }

    /** {@return the last text the model wrote, or null when it wrote none} */
    public String lastText() {
        for (int i = transcript.size() - 1; i >= 0; i--) {
            if (transcript.get(i) instanceof AssistantMessage assistant && assistant.text() != null) {
                return assistant.text();
            }
        }
        return null;
    }

    /**
     * Writes this state as JSON: the transcript in the shape of {@link dev.corvid.model.Transcript}, and the
     * counters, usage and calls beside it.
     *
     * @return the JSON text
     */
    public String toJson() {
        return RunStateJson.write(this);
    }

    /**
     * Reads a state written by {@link #toJson()}.
     *
     * @param json the JSON text
     * @return the state
     * @throws IllegalArgumentException when the text is not such a state, saying what is wrong
     */
    public static RunState fromJson(String json) {
        return RunStateJson.read(json);
    }

    /** Returns this state with one more request counted, and the tokens and cost of each request so far. */
    RunState counted(int newTurn, List<TurnUsage> newPerTurn) {
        return new RunState(runId, transcript, newTurn, newPerTurn, calls, failuresInARow, invalidAnswersInARow,
                repeatedCall, repeats, outcome, detail, context);
    }

    /** Returns this state with a new transcript and no calls open: a turn's messages were taken up. */
    RunState closed(List<Message> newTranscript) {
        return new RunState(runId, newTranscript, turn, perTurn, List.of(), failuresInARow, invalidAnswersInARow,
                repeatedCall, repeats, outcome, detail, context);
    }

    /** Returns this state with the count of failures in a row of each tool. */
    RunState withFailures(Map<String, Integer> newFailures) {
        return new RunState(runId, transcript, turn, perTurn, calls, newFailures, invalidAnswersInARow,
                repeatedCall, repeats, outcome, detail, context);
    }

    /** Returns this state with the count of structured answers in a row that did not fit. */
    RunState withInvalidAnswers(int newInvalidAnswers) {
        return new RunState(runId, transcript, turn, perTurn, calls, failuresInARow, newInvalidAnswers,
                repeatedCall, repeats, outcome, detail, context);
    }

    /** Returns this state with the loop guard's last call and how often in a row it was asked for. */
    RunState withRepeats(String newRepeatedCall, int newRepeats) {
        return new RunState(runId, transcript, turn, perTurn, calls, failuresInARow, invalidAnswersInARow,
                newRepeatedCall, newRepeats, outcome, detail, context);
    }

    RunState withCalls(List<CallState> newCalls) {
        return new RunState(runId, transcript, turn, perTurn, newCalls, failuresInARow, invalidAnswersInARow,
                repeatedCall, repeats, outcome, detail, context);
    }

    RunState finished(RunOutcome how, String why) {
        return new RunState(runId, transcript, turn, perTurn, calls, failuresInARow, invalidAnswersInARow,
                repeatedCall, repeats, how, why, context);
    }

    RunState withContext(Context newContext) {
        return new RunState(runId, transcript, turn, perTurn, calls, failuresInARow, invalidAnswersInARow,
                repeatedCall, repeats, outcome, detail, newContext);
    }

    /**
     * What a run knows of its context window, and how the messages it sends differ from its transcript once
     * they were compacted. The transcript always keeps every message; a request is built from it as: the
     * leading system messages, the task (unless it is among the kept messages), the summary, then the
     * messages from {@code keptFrom} on, with the tool outputs before {@code cutThrough} cut to their head
     * and tail.
     *
     * @param task the index in the transcript of the user message that set the run's task; -1 when unknown
     * @param keptFrom the index of the first message sent as it stands after the summary; 0 when the run was
     *     never summarised
     * @param summary the summary of the messages between the task and {@code keptFrom}; null when none
     * @param cutThrough tool messages before this index are sent cut; 0 when none is
     * @param learnedLimit the context window a provider stated when it rejected a request as too long; null
     *     when none did
     * @param measuredTokens the tokens of the last request and its answer, as the provider reported them
     * @param measuredThrough the transcript's size when those tokens were reported; 0 when none were since
     *     the last compaction
     * @param compactedAt the transcript's size at the last compaction; 0 when none happened
     * @param tooLongInARow how many requests in a row were rejected as too long
     */
    public record Context(int task, int keptFrom, String summary, int cutThrough, Integer learnedLimit,
                          long measuredTokens, int measuredThrough, int compactedAt, int tooLongInARow) {

        /** Nothing known and nothing compacted. */
        public static final Context NONE = new Context(-1, 0, null, 0, null, 0, 0, 0, 0);

        /**
         * Checks the fields.
         *
         * @param task the index of the run's task in the transcript; -1 when unknown
         * @param keptFrom the index of the first message sent as it stands after the summary; 0 for none
         * @param summary the summary; null when none
         * @param cutThrough tool messages before this index are sent cut; 0 when none is
         * @param learnedLimit the context window a provider stated; null when none did
         * @param measuredTokens the tokens of the last request and its answer, as reported
         * @param measuredThrough the transcript's size when they were reported; 0 when none were
         * @param compactedAt the transcript's size at the last compaction; 0 when none happened
         * @param tooLongInARow how many requests in a row were rejected as too long
         */
        public Context {
            if (task < -1 || keptFrom < 0 || cutThrough < 0 || measuredTokens < 0 || measuredThrough < 0
                    || compactedAt < 0 || tooLongInARow < 0) {
                throw new IllegalArgumentException("context indexes and counters must not be negative");
            }
            if ((keptFrom > 0) != (summary != null)) {
                throw new IllegalArgumentException("a context has a summary exactly when messages were summarised");
            }
            if (learnedLimit != null && learnedLimit < 1) {
                throw new IllegalArgumentException("a learned context limit must be at least 1, was " + learnedLimit);
            }
        }

        /** {@return whether the requests differ from the transcript} */
        public boolean isCompacted() {
            return keptFrom > 0 || cutThrough > 0;
        }

        Context withTask(int index) {
            return new Context(index, keptFrom, summary, cutThrough, learnedLimit, measuredTokens, measuredThrough,
                    compactedAt, tooLongInARow);
        }

        Context measured(long tokens, int through) {
            return new Context(task, keptFrom, summary, cutThrough, learnedLimit, tokens, through, compactedAt, 0);
        }

        Context summarised(String text, int from, int at) {
            return new Context(task, from, text, cutThrough, learnedLimit, 0, 0, at, tooLongInARow);
        }

        Context cut(int through, int at) {
            return new Context(task, keptFrom, summary, through, learnedLimit, 0, 0, at, tooLongInARow);
        }

        Context rejected(Integer limit) {
            Integer tighter = limit;
            if (learnedLimit != null) {
                tighter = limit == null ? learnedLimit : Integer.valueOf(Math.min(limit, learnedLimit));
            }
            return new Context(task, keptFrom, summary, cutThrough, tighter, measuredTokens, measuredThrough,
                    compactedAt, tooLongInARow + 1);
        }
    }

    /**
     * One call of the current turn and what became of it so far.
     *
     * @param call the call as it stands in the transcript
     * @param phase where the call is
     * @param result what goes back to the model; null until the call is denied or has run
     */
    public record CallState(ToolCall call, Phase phase, ToolResult result) {

        /**
         * Checks that a result is present exactly when the call is done.
         *
         * @param call the call as it stands in the transcript
         * @param phase where the call is
         * @param result what goes back to the model; null until the call is denied or has run
         */
        public CallState {
            if (call == null || phase == null) {
                throw new IllegalArgumentException("a call state needs the call and its phase");
            }
            if ((result == null) != (phase == Phase.AWAITING_APPROVAL || phase == Phase.READY)) {
                throw new IllegalArgumentException("a call has a result exactly when it is denied or has run");
            }
        }

        /** Where a call is. */
        public enum Phase {
            /** It waits for a person or a policy to allow or deny it. */
            AWAITING_APPROVAL,
            /** It may run and has not finished. */
            READY,
            /** It was denied, or stopped before running; its result says why. It counts as no failure. */
            DENIED,
            /** It ran; its result is what the tool returned or why it failed. */
            FINISHED
        }

        CallState approved() {
            return new CallState(call, Phase.READY, null);
        }

        CallState denied(String reason) {
            return new CallState(call, Phase.DENIED, ToolResult.failure("The user denied this call of " + call.name()
                    + ": " + reason + ". Do not repeat it unchanged; change course or ask the user."));
        }

        /** {@return whether the call is done: denied or run} */
        public boolean isDone() {
            return result != null;
        }
    }
}
