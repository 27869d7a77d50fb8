package dev.corvid.agent;

import dev.corvid.model.Message;
import dev.corvid.model.ToolCall;
import dev.corvid.model.ToolMessage;
import dev.corvid.model.Transcript;
import dev.corvid.tool.ToolResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules of a turn's tool calls, for {@link RunMachine}: how the calls of an answer are taken up
 * (approval, the loop guard), how their results are recorded, and how the turn closes (one tool message per
 * call, in call order, and the failures in a row counted against {@code maxRetries}). Pure functions of a
 * {@link RunState}.
 *
 * @param approvals whether calls await approval before they run
 * @param loopLimit how many identical calls in a row are refused; 0 for no loop guard
 * @param maxRetries how many failures in a row of one tool end the run
 * @param window the context window, whose cap applies to each result as it joins the transcript
 */
record ToolTurn(boolean approvals, int loopLimit, int maxRetries, ContextWindow window) {

    /** Takes up the calls of an answer: each awaits approval or may run, unless the loop guard stops it. */
    RunState taken(RunState state, List<ToolCall> toolCalls) {
        String repeatedCall = state.repeatedCall();
        int repeats = state.repeats();
        List<RunState.CallState> calls = new ArrayList<>(toolCalls.size());
        boolean loop = false;
        for (ToolCall call : toolCalls) {
            RunState.CallState.Phase phase = approvals ? RunState.CallState.Phase.AWAITING_APPROVAL
                    : RunState.CallState.Phase.READY;
            ToolResult result = null;
            if (loopLimit > 0) {
                String key = call.name() + '\n' + call.arguments().strip();
                repeats = key.equals(repeatedCall) ? repeats + 1 : 1;
                repeatedCall = key;
                if (repeats >= loopLimit) {
                    loop |= repeats > loopLimit;
                    phase = RunState.CallState.Phase.DENIED;
                    result = ToolResult.failure("Error: you have asked for " + call.name() + " with the same arguments "
                            + repeats + " times in a row, and it was not run again. Its earlier results stand; "
                            + "change approach instead of repeating it.");
                }
            }
            calls.add(new RunState.CallState(call, phase, result));
        }
        RunState next = state.withRepeats(repeatedCall, repeats).withCalls(calls);
        if (loop) {
            return answerOpen(next).finished(RunOutcome.LOOP_DETECTED, "the model asked for the same call "
                    + repeats + " times in a row: " + toolCalls.get(toolCalls.size() - 1).name());
        }
        return next;
    }

    /** Records the results of calls that ran; each must be of a call ready to run. */
    static RunState ran(RunState state, Map<String, ToolResult> results) {
        List<RunState.CallState> calls = new ArrayList<>(state.calls());
        int matched = 0;
        for (int i = 0; i < calls.size(); i++) {
            RunState.CallState call = calls.get(i);
            ToolResult result = results.get(call.call().id());
            if (result != null && call.phase() == RunState.CallState.Phase.READY) {
                calls.set(i, new RunState.CallState(call.call(), RunState.CallState.Phase.FINISHED, result));
                matched++;
            }
        }
        if (matched != results.size()) {
            throw new IllegalArgumentException("results were reported for calls that are not ready to run: "
                    + results.keySet());
        }
        return state.withCalls(calls);
    }

    /** Appends one tool message per call of the finished turn and counts the failures in a row. */
    RunState closed(RunState state) {
        List<Message> transcript = new ArrayList<>(state.transcript().size() + state.calls().size());
        transcript.addAll(state.transcript());
        Map<String, Integer> failures = new HashMap<>(state.failuresInARow());
        String exhausted = null;
        for (RunState.CallState call : state.calls()) {
            ToolCall toolCall = call.call();
            ToolResult result = call.result();
            transcript.add(new ToolMessage(toolCall.id(), toolCall.name(), window.capped(result.content()),
                    result.error()));
            if (call.phase() == RunState.CallState.Phase.DENIED) {
                continue;
            }
            if (!result.error()) {
                failures.remove(toolCall.name());
                continue;
            }
            int inARow = failures.merge(toolCall.name(), 1, Integer::sum);
            if (inARow >= maxRetries && exhausted == null) {
                exhausted = "tool '" + toolCall.name() + "' failed " + inARow + " times in a row; last error: "
                        + result.content();
            }
        }
        RunState closed = state.closed(transcript).withFailures(failures);
        return exhausted == null ? closed : closed.finished(RunOutcome.RETRIES_EXHAUSTED, exhausted);
    }

    /** Ends the turn with every open call answered: done calls with their results, the others as not run. */
    static RunState answerOpen(RunState state) {
        if (state.calls().isEmpty()) {
            return state;
        }
        List<Message> transcript = new ArrayList<>(state.transcript());
        for (RunState.CallState call : state.calls()) {
            ToolCall toolCall = call.call();
            ToolResult result = call.isDone() ? call.result() : ToolResult.failure(Transcript.NOT_RUN);
            transcript.add(new ToolMessage(toolCall.id(), toolCall.name(), result.content(), result.error()));
        }
        return state.closed(transcript);
    }
}
