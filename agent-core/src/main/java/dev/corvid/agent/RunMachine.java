package dev.corvid.agent;

import dev.corvid.model.AssistantMessage;
import dev.corvid.model.ChatModel;
import dev.corvid.model.FinishReason;
import dev.corvid.model.Message;
import dev.corvid.model.ModelPrice;
import dev.corvid.model.ModelResponse;
import dev.corvid.model.ModelSettings;
import dev.corvid.model.ResponseFormat;
import dev.corvid.model.ToolCall;
import dev.corvid.model.ToolChoice;
import dev.corvid.model.Usage;
import java.util.ArrayList;
import java.util.List;

/**
 * The decisions of an agent run, apart from their execution: from a state and what just happened to the
 * next state and the next step.
 *
 * <p>The machine does no I/O, starts no thread and reads no clock: every input is in its arguments, so
 * the same state and observation always give the same decision. Runners carry the steps out: the
 * in-process runner behind {@link Agent#run(String)}, a resumed run ({@link Agent#resume(RunState)}), or
 * a durable workflow. The rules, in the order they apply:
 * <ul>
 *   <li>a finished state finishes; calls awaiting approval are awaited; approved calls are run; when
 *       every call of the turn is done, one tool message per call joins the transcript, in call order;
 *   <li>a tool that failed {@code maxRetries} times in a row ends the run with
 *       {@link RunOutcome#RETRIES_EXHAUSTED}; a denial is no failure;
 *   <li>before each request: a spent {@link Budget} ends the run, then the turn limit does; a request
 *       estimated above {@link Agent.Builder#compactAt(double) the threshold} of the context window is
 *       compacted first: the model summarises the work so far, and the request goes on with the system
 *       instructions, the task, the summary and the latest turns that fit; the machine of
 *       {@link Agent#compactAsync} compacts once whatever the size and ends there, its answer the summary;
 *   <li>a request the provider rejects as too long is compacted and sent again, the limit the provider
 *       stated tightening the window for the rest of the run; when the summarising request itself is too
 *       long, the oldest tool outputs are cut to their head and tail instead; a rejection with nothing
 *       left to compact, or the third in a row, is thrown;
 *   <li>an answer cut off at the token limit ends the run with {@link RunOutcome#LENGTH}, its calls
 *       unrun; a refusal or the content filter with {@link RunOutcome#REFUSED};
 *   <li>with the loop guard on, the same call (name and arguments) asked for {@code limit} times in a row
 *       is not run and the model is told to change approach; asked once more, it ends the run with
 *       {@link RunOutcome#LOOP_DETECTED};
 *   <li>an answer without calls ends the run, unless a structured answer does not fit its type: then the
 *       model is asked again, within the retry budget.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 *
 * @param <T> the type of the answer
 */
public final class RunMachine<T> {

    private final OutputType<T> output;
    private final ModelSettings firstSettings;
    private final ModelSettings laterSettings;
    private final int maxTurns;
    private final int maxRetries;
    private final ToolTurn turns;
    private final ModelPrice price;
    private final Budget budget;
    private final ContextWindow window;
    /**
     * Whether a run only compacts: once, at the start, ending there with the summary as its answer. This is
     * how a stored conversation is compacted when the user asks, with no new prompt; a run with nothing to
     * summarise ends at once, without asking the model.
     */
    private final boolean compactOnly;

    /** Rejections as too long in a row that the machine answers by compacting; the next one is thrown. */
    private static final int TOO_LONG_RETRIES = 2;

    RunMachine(Agent agent, OutputType<T> output) {
        this(agent, output, false);
    }

    RunMachine(Agent agent, OutputType<T> output, boolean compactOnly) {
        this.compactOnly = compactOnly;
        this.output = output;
        ModelSettings settings = agent.settings;
        if (output != null) {
            settings = settings.withResponseFormat(ResponseFormat.jsonSchema(output.name(), output.schema()));
        }
        this.firstSettings = settings;
        ToolChoice choice = settings.toolChoice();
        boolean forcing = choice != null && (choice.mode() == ToolChoice.Mode.REQUIRED
                || choice.mode() == ToolChoice.Mode.TOOL);
        // A forced choice holds for the first request only, or the model could never answer.
        this.laterSettings = forcing ? settings.withToolChoice(null) : settings;
        this.maxTurns = agent.maxTurns;
        this.maxRetries = agent.maxRetries;
        this.price = agent.price;
        this.budget = agent.budget;
        ChatModel.Limits limits = agent.model.limits();
        this.window = new ContextWindow(agent.contextWindow != null ? agent.contextWindow : limits.contextWindow(),
                limits.maxOutputTokens(), agent.compactAt, agent.maxToolResultChars);
        this.turns = new ToolTurn(agent.approver != ToolApprover.ALLOW_ALL, agent.loopGuard, agent.maxRetries, window);
    }

    /**
     * A decision: the state to keep and the step to take.
     *
     * @param <T> the type of the answer
     * @param state the new state
     * @param step what to do next
     * @param output the answer, when the step finishes a run that answered; null otherwise
     */
    public record Decision<T>(RunState state, Step step, T output) {
    }

    /**
     * Returns what to do next from a state alone: how a saved run continues.
     *
     * @param state where the run stands
     * @return the decision
     */
    public Decision<T> next(RunState state) {
        if (state.isFinished()) {
            return finish(state);
        }
        if (!state.calls().isEmpty()) {
            List<ToolCall> awaiting = null;
            List<ToolCall> ready = null;
            for (RunState.CallState call : state.calls()) {
                if (call.phase() == RunState.CallState.Phase.AWAITING_APPROVAL) {
                    awaiting = add(awaiting, call.call());
                } else if (call.phase() == RunState.CallState.Phase.READY) {
                    ready = add(ready, call.call());
                }
            }
            if (awaiting != null) {
                return new Decision<>(state, new Step.AwaitApprovals(awaiting), null);
            }
            if (ready != null) {
                return new Decision<>(state, new Step.RunCalls(ready), null);
            }
            state = turns.closed(state);
            if (state.isFinished()) {
                return finish(state);
            }
        }
        return ask(state);
    }

    /**
     * Returns what to do after an observation.
     *
     * @param state the state the observed step was taken from
     * @param observation what happened
     * @return the decision
     * @throws IllegalArgumentException when the observation does not fit the state, such as results of
     *     calls the state does not hold
     * @throws dev.corvid.model.ContextLengthExceededException the failure of a {@link Observation.TooLong}
     *     that compacting cannot answer: the third in a row, or one with nothing left to compact
     */
    public Decision<T> next(RunState state, Observation observation) {
        if (state.isFinished()) {
            return finish(state);
        }
        if (observation instanceof Observation.ModelAnswered answered) {
            return answered(state, answered.response());
        }
        if (observation instanceof Observation.Compacted compacted) {
            return summarised(state, compacted.response());
        }
        if (observation instanceof Observation.TooLong tooLong) {
            return rejected(state, tooLong);
        }
        if (observation instanceof Observation.ToolsRan ran) {
            return next(ToolTurn.ran(state, ran.results()));
        }
        if (observation instanceof Observation.ApprovalAnswered answer) {
            RunState answeredState = answer.approval().allowed() ? state.approve(answer.callId())
                    : state.deny(answer.callId(), answer.approval().reason());
            return next(answeredState);
        }
        Observation.Stopped stopped = (Observation.Stopped) observation;
        return finish(ToolTurn.answerOpen(state).finished(stopped.outcome(), stopped.detail()));
    }

    /** The one place where the messages of a request are prepared from the transcript. */
    private Decision<T> ask(RunState state) {
        String overBudget = budget == null ? null : budget.spentBy(state.perTurn());
        if (overBudget != null) {
            return finish(state.finished(RunOutcome.BUDGET_EXCEEDED, overBudget));
        }
        if (state.turn() >= maxTurns) {
            return finish(state.finished(RunOutcome.TURN_LIMIT, "the model was still calling tools after "
                    + state.turn() + " turns; raise maxTurns or narrow the task"));
        }
        if (compactOnly && (state.turn() > 0 || !ContextWindow.canSummarise(state))) {
            String summary = state.turn() > 0 ? state.context().summary() : null;
            RunState done = state.finished(RunOutcome.ANSWERED, summary != null ? null
                    : state.turn() > 0 ? "the model wrote no summary" : "nothing to summarise");
            return new Decision<>(done, new Step.Finish(done.outcome(), done.detail()),
                    summary == null ? null : parse(summary));
        }
        ModelSettings settings = state.turn() == 0 ? firstSettings : laterSettings;
        List<Message> messages = ContextWindow.view(state);
        boolean compactNow = window.isOver(state, messages, settings)
                || compactOnly && state.turn() == 0;
        if (compactNow && state.context().compactedAt() != state.transcript().size()
                && ContextWindow.canSummarise(state)) {
            return compact(state, messages);
        }
        return new Decision<>(state, new Step.AskModel(state.turn() + 1, messages, settings), null);
    }

    /**
     * Returns the answer of a run that ended {@link RunOutcome#ANSWERED}, bound to a type as the machine of
     * {@link Agent#machine(Class)} read it: for runners that hold the final state but not the machine.
     *
     * @param state a finished state
     * @param type the answer's type; {@code String} for the text itself
     * @param <A> the answer's type
     * @return the answer; null when the run did not answer
     * @throws IllegalArgumentException when the answer does not fit the type
     */
    public static <A> A answer(RunState state, Class<A> type) {
        if (state.outcome() != RunOutcome.ANSWERED) {
            return null;
        }
        String text = state.lastText() == null ? "" : state.lastText();
        return type == String.class ? type.cast(text) : OutputType.read(text, type);
    }

    /**
     * Returns the estimated tokens of the request a state sends next, as the context window counts them:
     * the last reported usage plus about four characters per token for what was added since.
     *
     * @param state where the run stands
     * @return the estimate
     */
    public long contextTokens(RunState state) {
        return ContextWindow.estimate(state, ContextWindow.view(state));
    }

    /** Asks for a summary: the request that did not fit, then the question, with the same system and tools. */
    private Decision<T> compact(RunState state, List<Message> messages) {
        ModelSettings settings = laterSettings.responseFormat() == null ? laterSettings
                : laterSettings.withResponseFormat(null);
        return new Decision<>(state, new Step.Compact(state.turn() + 1, append(messages,
                Message.user(ContextWindow.SUMMARY_REQUEST)), settings), null);
    }

    /** Takes up a summary: it replaces the turns before those that fit, and the request goes on. */
    private Decision<T> summarised(RunState state, ModelResponse response) {
        RunState counted = counted(state, response);
        String summary = response.message().text() == null ? "" : response.message().text().strip();
        if (summary.isEmpty()) {
            return cutOrAsk(counted, null);
        }
        int keptFrom = window.keptFrom(counted, summary, laterSettings);
        return ask(counted.withContext(counted.context().summarised(summary, keptFrom, counted.transcript().size())));
    }

    /** Answers a rejection as too long: summarise, or cut the oldest tool outputs, or give up. */
    private Decision<T> rejected(RunState state, Observation.TooLong tooLong) {
        Integer limit = tooLong.failure().limit().isPresent() ? tooLong.failure().limit().getAsInt() : null;
        RunState.Context context = state.context().rejected(limit);
        if (context.tooLongInARow() > TOO_LONG_RETRIES) {
            throw tooLong.failure();
        }
        RunState learned = state.withContext(context);
        if (!tooLong.summarising() && context.compactedAt() != state.transcript().size()
                && ContextWindow.canSummarise(learned)) {
            // The rejected request plus a question would be rejected too: the summary is asked of a request
            // with the oldest tool outputs cut to fit, where there are any.
            int through = window.cutThrough(learned, laterSettings);
            RunState fitted = through < 0 ? learned
                    : learned.withContext(context.cut(through, context.compactedAt()));
            return compact(fitted, ContextWindow.view(fitted));
        }
        return cutOrAsk(learned, tooLong);
    }

    /** Cuts the oldest tool outputs and asks; with none to cut, throws the rejection or asks as it stands. */
    private Decision<T> cutOrAsk(RunState state, Observation.TooLong tooLong) {
        int through = window.cutThrough(state, laterSettings);
        if (through < 0) {
            if (tooLong != null) {
                throw tooLong.failure();
            }
            // An empty summary and nothing to cut: the request goes as it is, and the provider decides.
            return ask(state.withContext(state.context().cut(state.context().cutThrough(), state.transcript().size())));
        }
        return ask(state.withContext(state.context().cut(through, state.transcript().size())));
    }

    /** Returns the state with a request counted as a turn, with its tokens and cost. */
    private RunState counted(RunState state, ModelResponse response) {
        int turn = state.turn() + 1;
        Usage usage = response.usage();
        return state.counted(turn, append(state.perTurn(), new TurnUsage(turn, usage,
                price == null ? null : price.cost(usage))));
    }

    private Decision<T> answered(RunState state, ModelResponse response) {
        Usage usage = response.usage();
        AssistantMessage message = CallIds.usable(response.message(), state.turn() + 1);
        // What the provider counted, the answer included, measures the next request up to here.
        RunState counted = counted(state, response).withContext(usage.isKnown()
                ? state.context().measured(usage.totalTokens(), state.transcript().size() + 1)
                : state.context().measured(0, 0));
        if (response.finishReason() == FinishReason.LENGTH) {
            // Cut-off tool calls hold broken arguments: never run them, never send them back.
            return finish(counted.closed(append(state.transcript(), message.withToolCalls(List.of())))
                    .finished(RunOutcome.LENGTH, "the model's output was cut off at the token limit"
                            + (message.hasToolCalls() ? " while it was writing tool calls, which were not run" : "")));
        }
        RunState taken = counted.closed(append(state.transcript(), message));
        boolean refused = message.refusal() != null && !message.refusal().isBlank();
        if (refused || response.finishReason() == FinishReason.CONTENT_FILTER) {
            return finish(taken.finished(RunOutcome.REFUSED, refused ? "the model refused: " + message.refusal()
                    : "the provider's content filter stopped the output"));
        }
        if (message.hasToolCalls()) {
            return next(turns.taken(taken, message.toolCalls()));
        }
        String text = message.text() == null ? "" : message.text();
        T answer;
        try {
            answer = parse(text);
        } catch (IllegalArgumentException invalid) {
            int invalidAnswers = state.invalidAnswersInARow() + 1;
            if (invalidAnswers >= maxRetries) {
                return finish(taken.withInvalidAnswers(invalidAnswers).finished(RunOutcome.RETRIES_EXHAUSTED,
                        "the model's answer did not fit " + output.type().getSimpleName() + " " + invalidAnswers
                                + " times in a row: " + invalid.getMessage()));
            }
            return ask(taken.withInvalidAnswers(invalidAnswers).closed(append(taken.transcript(), Message.user(
                    "Your answer does not fit the required JSON schema: " + invalid.getMessage()
                            + "\nAnswer again with only a JSON object that matches the schema."))));
        }
        return new Decision<>(taken.finished(RunOutcome.ANSWERED, null), new Step.Finish(RunOutcome.ANSWERED, null),
                answer);
    }

    /** Returns the answer a text stands for: the text itself, or the structured answer it holds. */
    @SuppressWarnings("unchecked")
    private T parse(String text) {
        return output == null ? (T) text : output.parse(text);
    }

    private Decision<T> finish(RunState state) {
        if (!state.calls().isEmpty()) {
            state = ToolTurn.answerOpen(state);
        }
        T answer = null;
        if (state.outcome() == RunOutcome.ANSWERED) {
            answer = parse(state.lastText() == null ? "" : state.lastText());
        }
        return new Decision<>(state, new Step.Finish(state.outcome(), state.detail()), answer);
    }

    private static <E> List<E> append(List<E> list, E element) {
        List<E> longer = new ArrayList<>(list.size() + 1);
        longer.addAll(list);
        longer.add(element);
        return longer;
    }

    private static List<ToolCall> add(List<ToolCall> list, ToolCall call) {
        List<ToolCall> result = list == null ? new ArrayList<>() : list;
        result.add(call);
        return result;
    }
}
