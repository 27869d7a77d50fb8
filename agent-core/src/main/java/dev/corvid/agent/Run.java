package dev.corvid.agent;

import dev.corvid.model.AssistantMessage;
import dev.corvid.model.Cancellation;
import dev.corvid.model.Cost;
import dev.corvid.model.FinishReason;
import dev.corvid.model.Message;
import dev.corvid.model.ModelException;
import dev.corvid.model.ModelRequest;
import dev.corvid.model.ModelResponse;
import dev.corvid.model.ModelSettings;
import dev.corvid.model.ToolCall;
import dev.corvid.model.ToolChoice;
import dev.corvid.model.ToolMessage;
import dev.corvid.model.Usage;
import dev.corvid.tool.OutputType;
import dev.corvid.tool.ToolResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One run of an agent: the transcript, the usage and the counters, and the loop that drives them.
 *
 * <p>The loop: ask the model; if it called tools, run them and append one result per call, then ask
 * again; if it answered, return. Limits, cancellation and retry budgets end the loop with an outcome.
 */
final class Run<T> {

    final String runId;
    final Cancellation cancellation;
    private final Agent agent;
    private final List<Message> transcript;
    private final OutputType<T> output;
    private final ToolRunner tools;
    private final Map<String, Integer> failuresInARow = new HashMap<>();
    private final List<TurnUsage> perTurn = new ArrayList<>();
    private Usage usage = Usage.ZERO;
    private Cost cost;
    private long knownTokens;
    private Cost knownCost;
    private int turns;
    private int invalidAnswersInARow;
    private volatile RunOutcome stoppedBy;

    Run(Agent agent, String runId, List<Message> transcript, OutputType<T> output, Cancellation cancellation) {
        this.agent = agent;
        this.runId = runId;
        this.transcript = transcript;
        this.output = output;
        this.cancellation = cancellation;
        this.tools = new ToolRunner(agent, runId, cancellation);
        cancellation.onCancel(() -> stop(RunOutcome.CANCELLED));
    }

    /** Runs the loop to its end and tells the listeners. */
    /** Starts this run on a thread of its own and returns its handle at once. */
    RunHandle<T> start() {
        CompletableFuture<RunResult<T>> result = new CompletableFuture<>();
        try {
            Threads.runs().execute(() -> {
                try {
                    result.complete(execute());
                } catch (Throwable failure) {
                    result.completeExceptionally(failure);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(e);
        }
        return new RunHandle<>(runId, result, cancellation);
    }

    RunResult<T> execute() {
        ScheduledFuture<?> timer = agent.runTimeout == null ? null : Threads.timer().schedule(() -> {
            stop(RunOutcome.TIMEOUT);
            cancellation.cancel();
        }, agent.runTimeout.toNanos(), TimeUnit.NANOSECONDS);
        RunResult<T> result;
        try {
            result = loop();
        } catch (RuntimeException failure) {
            if (stoppedBy == null) {
                throw failure instanceof ModelException modelFailure ? modelFailure.withTranscript(transcript) : failure;
            }
            result = end(stoppedBy, null, null);
        } finally {
            if (timer != null) {
                timer.cancel(false);
            }
        }
        agent.listeners.onRunFinished(result);
        return result;
    }

    private RunResult<T> loop() {
        while (true) {
            if (stoppedBy != null) {
                return end(stoppedBy, null, null);
            }
            String overBudget = overBudget();
            if (overBudget != null) {
                return end(RunOutcome.BUDGET_EXCEEDED, null, overBudget);
            }
            if (turns == agent.maxTurns) {
                return end(RunOutcome.TURN_LIMIT, null, "the model was still calling tools after " + turns
                        + " turns; raise maxTurns or narrow the task");
            }
            turns++;
            ModelResponse response = ask(request());
            if (stoppedBy != null) {
                return end(stoppedBy, null, null);
            }
            account(response.usage());
            agent.listeners.onTurnFinished(turns, response);
            AssistantMessage message = withUsableIds(response.message());
            if (response.finishReason() == FinishReason.LENGTH) {
                // Cut-off tool calls hold broken arguments: never run them, never send them back.
                transcript.add(message.withToolCalls(List.of()));
                return end(RunOutcome.LENGTH, null, "the model's output was cut off at the token limit"
                        + (message.hasToolCalls() ? " while it was writing tool calls, which were not run" : ""));
            }
            transcript.add(message);
            boolean refused = message.refusal() != null && !message.refusal().isBlank();
            if (refused || response.finishReason() == FinishReason.CONTENT_FILTER) {
                return end(RunOutcome.REFUSED, null, refused ? "the model refused: " + message.refusal()
                        : "the provider's content filter stopped the output");
            }
            if (message.hasToolCalls()) {
                String exhausted = runTools(message.toolCalls());
                if (exhausted != null) {
                    return end(RunOutcome.RETRIES_EXHAUSTED, null, exhausted);
                }
                continue;
            }
            String text = message.text() == null ? "" : message.text();
            if (output == null) {
                @SuppressWarnings("unchecked")
                T answer = (T) text;
                return end(RunOutcome.ANSWERED, answer, null);
            }
            try {
                return end(RunOutcome.ANSWERED, output.parse(text), null);
            } catch (IllegalArgumentException invalid) {
                if (++invalidAnswersInARow >= agent.maxRetries) {
                    return end(RunOutcome.RETRIES_EXHAUSTED, null, "the model's answer did not fit "
                            + output.type().getSimpleName() + " " + invalidAnswersInARow + " times in a row: "
                            + invalid.getMessage());
                }
                transcript.add(Message.user("Your answer does not fit the required JSON schema: " + invalid.getMessage()
                        + "\nAnswer again with only a JSON object that matches the schema."));
            }
        }
    }

    private ModelRequest request() {
        ModelSettings settings = agent.settings;
        ToolChoice choice = settings.toolChoice();
        if (turns > 1 && choice != null && (choice.mode() == ToolChoice.Mode.REQUIRED
                || choice.mode() == ToolChoice.Mode.TOOL)) {
            settings = settings.withToolChoice(null);
        }
        if (output != null) {
            settings = settings.withResponseFormat(
                    dev.corvid.model.ResponseFormat.jsonSchema(output.name(), output.schema()));
        }
        return new ModelRequest(transcript, agent.toolbox.definitions(), settings, agent.listeners, cancellation);
    }

    /** Calls the model; a model that ignores the cancellation signal is interrupted instead. */
    private ModelResponse ask(ModelRequest request) {
        agent.listeners.onModelRequest(turns, request);
        Thread caller = Thread.currentThread();
        Object guard = new Object();
        boolean[] inCall = {true};
        Cancellation.Registration interrupt = cancellation.onCancel(() -> {
            synchronized (guard) {
                if (inCall[0]) {
                    caller.interrupt();
                }
            }
        });
        try {
            return agent.model.complete(request);
        } finally {
            interrupt.close();
            synchronized (guard) {
                inCall[0] = false;
            }
            if (cancellation.isCancelled()) {
                Thread.interrupted();
            }
        }
    }

    /** Runs the calls of one turn, appends their results, and returns why the run must end, or null. */
    private String runTools(List<ToolCall> calls) {
        List<ToolRunner.Outcome> outcomes = tools.runAll(calls);
        String exhausted = null;
        for (int i = 0; i < calls.size(); i++) {
            ToolCall call = calls.get(i);
            ToolRunner.Outcome outcome = outcomes.get(i);
            ToolResult result = outcome.result();
            transcript.add(new ToolMessage(call.id(), call.name(), result.content(), result.error()));
            if (!outcome.countsAsFailure()) {
                if (!result.error()) {
                    failuresInARow.remove(call.name());
                }
                continue;
            }
            int failures = failuresInARow.merge(call.name(), 1, Integer::sum);
            if (failures >= agent.maxRetries && exhausted == null) {
                exhausted = "tool '" + call.name() + "' failed " + failures + " times in a row; last error: "
                        + result.content();
            }
        }
        return stoppedBy != null ? null : exhausted;
    }

    /** Gives every call an id that is unique in the message, keeping the provider's ids where they are usable. */
    private AssistantMessage withUsableIds(AssistantMessage message) {
        if (!message.hasToolCalls()) {
            return message;
        }
        Set<String> seen = new HashSet<>();
        List<ToolCall> calls = null;
        for (int i = 0; i < message.toolCalls().size(); i++) {
            ToolCall call = message.toolCalls().get(i);
            if (call.id().isBlank() || !seen.add(call.id())) {
                if (calls == null) {
                    calls = new ArrayList<>(message.toolCalls());
                }
                String id = "call_" + turns + "_" + i;
                seen.add(id);
                calls.set(i, new ToolCall(id, call.name(), call.arguments(), call.extra()));
            }
        }
        return calls == null ? message : message.withToolCalls(calls);
    }

    private void account(Usage turnUsage) {
        Cost turnCost = agent.price == null ? null : agent.price.cost(turnUsage);
        perTurn.add(new TurnUsage(turns, turnUsage, turnCost));
        usage = usage.plus(turnUsage);
        if (turnUsage.isKnown()) {
            knownTokens += turnUsage.totalTokens();
        }
        if (turnCost != null) {
            knownCost = knownCost == null ? turnCost : knownCost.plus(turnCost);
        }
        cost = perTurn.size() == 1 ? turnCost : cost == null || turnCost == null ? null : cost.plus(turnCost);
    }

    /** Returns why the run has spent its budget, or null while it has not. */
    private String overBudget() {
        Budget budget = agent.budget;
        if (budget == null) {
            return null;
        }
        if (budget.maxTokens() != null && knownTokens >= budget.maxTokens()) {
            return "the run used " + knownTokens + " tokens of its budget of " + budget.maxTokens();
        }
        if (budget.maxCost() != null && knownCost != null && knownCost.reaches(budget.maxCost())) {
            return "the run cost " + knownCost + " of its budget of " + budget.maxCost();
        }
        return null;
    }

    private void stop(RunOutcome outcome) {
        if (stoppedBy == null) {
            stoppedBy = outcome;
        }
    }

    private RunResult<T> end(RunOutcome outcome, T answer, String detail) {
        if (detail == null && outcome == RunOutcome.TIMEOUT) {
            detail = "the run took longer than its timeout of " + agent.runTimeout;
        } else if (detail == null && outcome == RunOutcome.CANCELLED) {
            detail = "the run was cancelled";
        }
        answerDanglingCalls(transcript);
        return new RunResult<>(runId, outcome, answer, lastText(), detail, transcript, usage, cost, perTurn);
    }

    private String lastText() {
        for (int i = transcript.size() - 1; i >= 0; i--) {
            if (transcript.get(i) instanceof AssistantMessage assistant && assistant.text() != null) {
                return assistant.text();
            }
        }
        return null;
    }

    /**
     * Answers every tool call of the transcript that has no result yet, so the history stays valid for
     * providers that reject unanswered calls (a run stopped mid-turn, or a saved transcript).
     */
    static void answerDanglingCalls(List<Message> transcript) {
        Set<String> answered = new HashSet<>();
        for (Message message : transcript) {
            if (message instanceof ToolMessage tool) {
                answered.add(tool.toolCallId());
            }
        }
        for (int i = transcript.size() - 1; i >= 0; i--) {
            if (transcript.get(i) instanceof AssistantMessage assistant && assistant.hasToolCalls()) {
                int insertAt = i + 1;
                while (insertAt < transcript.size() && transcript.get(insertAt) instanceof ToolMessage) {
                    insertAt++;
                }
                for (ToolCall call : assistant.toolCalls()) {
                    if (answered.add(call.id())) {
                        transcript.add(insertAt++, new ToolMessage(call.id(), call.name(),
                                "Not run: the run ended before this call was executed.", true));
                    }
                }
            }
        }
    }
}
