package dev.corvid.agent;

import dev.corvid.model.Cancellation;
import dev.corvid.model.ContextLengthExceededException;
import dev.corvid.model.Message;
import dev.corvid.model.ModelException;
import dev.corvid.model.ModelRequest;
import dev.corvid.model.ModelResponse;
import dev.corvid.model.ModelSettings;
import dev.corvid.model.StreamListener;
import dev.corvid.model.SystemMessage;
import dev.corvid.model.ToolCall;
import dev.corvid.model.Transcript;
import dev.corvid.tool.FunctionTool;
import dev.corvid.tool.Toolbox;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The in-process runner of one agent run: it carries out the steps that {@link RunMachine} decides, on
 * the thread that calls {@link #execute()}, and tells the listeners what happens.
 *
 * <p>The loop: ask the machine for a step; send the request, run the calls, or get the approvals; hand
 * what happened back to the machine; repeat until it says the run is over. A cancellation or the run's
 * timeout becomes an observation like any other, so the run always ends through the machine.
 */
final class Run<T> {

    final String runId;
    final Cancellation cancellation;
    final Approvals approvals;
    private final Agent agent;
    private final RunMachine<T> machine;
    private final Events events;
    private final ToolRunner tools;
    private final boolean resumed;
    private volatile RunState state;
    private volatile Observation.Stopped stoppedBy;

    private static final Observation.Stopped CANCELLED = new Observation.Stopped(RunOutcome.CANCELLED, "the run was cancelled");

    Run(Agent agent, RunMachine<T> machine, RunState state, boolean resumed, Events events, Cancellation cancellation) {
        this.agent = agent;
        this.machine = machine;
        this.runId = state.runId();
        this.state = state;
        this.resumed = resumed;
        this.events = events;
        this.cancellation = cancellation;
        // First, so that whatever else a cancellation wakes sees why the run stops.
        cancellation.onCancel(() -> stop(CANCELLED));
        this.approvals = new Approvals(cancellation);
        this.tools = new ToolRunner(agent, runId, cancellation, events);
    }

    /**
     * Returns the state of a new run: the instructions first unless the history starts with a system
     * message, the history repaired (see {@link Transcript#repaired(List)}), then the prompt.
     */
    static RunState firstState(String instructions, List<Message> history, String prompt) {
        if (prompt == null) {
            throw new IllegalArgumentException("prompt must not be null");
        }
        if (history == null) {
            throw new IllegalArgumentException("history must not be null; pass List.of() for a new conversation");
        }
        return fromRepaired(instructions, Transcript.repaired(history), prompt);
    }

    /**
     * Returns the state of a new run from a history already repaired: the instructions first unless it
     * starts with a system message, then the history, then the prompt. A run with no prompt only compacts
     * the conversation; its task is then the conversation's first, found as a run without a recorded task
     * finds it.
     *
     * @param prompt the prompt; null for a run that only compacts
     * @throws IllegalArgumentException when a run that only compacts has no history: nothing to compact
     */
    static RunState fromRepaired(String instructions, List<Message> repaired, String prompt) {
        if (prompt == null && repaired.isEmpty()) {
            throw new IllegalArgumentException("there is nothing to compact: the conversation has no messages");
        }
        List<Message> transcript = new ArrayList<>(repaired.size() + 2);
        if (instructions != null && (repaired.isEmpty() || !(repaired.get(0) instanceof SystemMessage))) {
            transcript.add(Message.system(instructions));
        }
        transcript.addAll(repaired);
        if (prompt == null) {
            return RunState.start(newRunId(), transcript).withContext(RunState.Context.NONE);
        }
        transcript.add(Message.user(prompt));
        return RunState.start(newRunId(), transcript);
    }

    /**
     * Returns a random version 4 UUID from a thread-local generator: as unique as {@link UUID#randomUUID()}
     * for run ids, without the shared secure generator that concurrent runs would queue on.
     */
    private static String newRunId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    /** Returns the state after the last step. */
    RunState state() {
        return state;
    }

    /** Starts this run on a thread of its own and returns its handle at once. */
    RunHandle<T> start(EventStream stream) {
        CompletableFuture<RunResult<T>> result = new CompletableFuture<>();
        RunHandle<T> handle = new RunHandle<>(this, result, stream);
        try {
            Threads.runs().execute(() -> {
                try {
                    RunResult<T> done = execute();
                    if (stream != null) {
                        stream.complete();
                    }
                    result.complete(done);
                } catch (Throwable failure) {
                    if (stream != null) {
                        stream.fail(failure);
                    }
                    result.completeExceptionally(failure);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(e);
        }
        return handle;
    }

    /** Runs the loop to its end and tells the listeners. */
    RunResult<T> execute() {
        ScheduledFuture<?> timer = agent.runTimeout == null ? null : Threads.timer().schedule(() -> {
            stop(new Observation.Stopped(RunOutcome.TIMEOUT, "the run took longer than its timeout of " + agent.runTimeout));
            cancellation.cancel();
        }, agent.runTimeout.toNanos(), TimeUnit.NANOSECONDS);
        RunResult<T> result;
        try {
            result = loop();
        } catch (RuntimeException failure) {
            if (stoppedBy == null) {
                RuntimeException thrown = failure instanceof ModelException modelFailure
                        ? modelFailure.withTranscript(state.transcript()) : failure;
                if (events.on()) {
                    events.onEvent(new RunEvent.RunFailed(runId, state.turn(), thrown));
                }
                throw thrown;
            }
            result = result(machine.next(state, stoppedBy));
        } finally {
            if (timer != null) {
                timer.cancel(false);
            }
        }
        if (events.on()) {
            events.onEvent(new RunEvent.RunFinished(runId, result.state().turn(), result));
        }
        return result;
    }

    private RunResult<T> loop() {
        if (events.on()) {
            events.onEvent(new RunEvent.RunStarted(runId, state.turn(), resumed));
        }
        RunMachine.Decision<T> decision = machine.next(state);
        while (true) {
            state = decision.state();
            if (events.on()) {
                events.onEvent(new RunEvent.Checkpoint(runId, state.turn(), state));
            }
            Step step = decision.step();
            if (step instanceof Step.Finish) {
                return result(decision);
            }
            Observation observation = stoppedBy;
            if (observation == null) {
                if (step instanceof Step.AskModel ask) {
                    observation = ask(ask.turn(), ask.messages(), ask.settings(), false);
                } else if (step instanceof Step.Compact compact) {
                    observation = ask(compact.turn(), compact.messages(), compact.settings(), true);
                } else if (step instanceof Step.RunCalls run) {
                    observation = new Observation.ToolsRan(tools.runAll(state.turn(), run.calls(), agent.tools()));
                } else {
                    observation = approve(((Step.AwaitApprovals) step).calls().get(0));
                }
            }
            decision = machine.next(state, observation);
            compacted(state, decision.state());
            if (stoppedBy != null && observation != stoppedBy && !decision.state().isFinished()) {
                decision = machine.next(decision.state(), stoppedBy);
            }
        }
    }

    /** Tells the listeners when a step changed how the run's requests are compacted. */
    private void compacted(RunState before, RunState after) {
        RunState.Context was = before.context();
        RunState.Context is = after.context();
        if (!events.on() || was.keptFrom() == is.keptFrom() && was.cutThrough() == is.cutThrough()
                && Objects.equals(was.summary(), is.summary())) {
            return;
        }
        RunEvent.Compacted.How how = Objects.equals(was.summary(), is.summary())
                ? RunEvent.Compacted.How.CUT_TOOL_OUTPUTS : RunEvent.Compacted.How.SUMMARY;
        events.onEvent(new RunEvent.Compacted(runId, after.turn(), machine.contextTokens(before),
                machine.contextTokens(after), how));
    }

    /**
     * Calls the model; a model that ignores the cancellation signal is interrupted instead. A rejection as
     * too long becomes an observation, for the machine to compact; a summarising request is not streamed.
     */
    private Observation ask(int turn, List<Message> messages, ModelSettings settings,
                            boolean summarising) {
        Toolbox toolbox = agent.tools();
        ModelRequest request = new ModelRequest(messages, toolbox.definitions(), settings,
                summarising ? StreamListener.NONE : events.stream(runId, turn), cancellation);
        if (events.on()) {
            events.onEvent(new RunEvent.RequestSent(runId, turn, request));
        }
        Interrupter interrupter = new Interrupter();
        Cancellation.Registration interrupt = cancellation.onCancel(interrupter);
        ModelResponse response;
        try {
            response = agent.model.complete(request);
        } catch (ModelException failure) {
            if (events.on() && stoppedBy == null) {
                events.onEvent(new RunEvent.RequestFailed(runId, turn, failure));
            }
            if (failure instanceof ContextLengthExceededException tooLong && stoppedBy == null) {
                return new Observation.TooLong(tooLong, summarising);
            }
            throw failure;
        } finally {
            interrupt.close();
            interrupter.callEnded();
            if (cancellation.isCancelled()) {
                Thread.interrupted();
            }
        }
        if (events.on()) {
            TurnUsage usage = new TurnUsage(turn, response.usage(),
                    agent.price == null ? null : agent.price.cost(response.usage()));
            events.onEvent(new RunEvent.TurnFinished(runId, turn, response, usage));
        }
        return summarising ? new Observation.Compacted(response) : new Observation.ModelAnswered(response);
    }

    /** Gets the decision on one call: from the approver, or, when it defers, from the run's handle. */
    private Observation approve(ToolCall call) {
        FunctionTool tool = agent.tools().find(call.name()).orElse(null);
        if (tool == null) {
            // Nothing would run: the call fails as unknown, with no person troubled.
            return new Observation.ApprovalAnswered(call.id(), ToolApprover.Approval.allow());
        }
        if (events.on()) {
            events.onEvent(new RunEvent.ApprovalRequested(runId, state.turn(), call, preview(tool, call)));
        }
        ToolApprover.Approval approval = approvals.review(agent.approver, call, agent.approvalTimeout);
        if (approval == null) {
            stop(CANCELLED); // the run was stopped while the call waited
            return stoppedBy;
        }
        if (!approval.allowed() && events.on()) {
            events.onEvent(new RunEvent.ToolCallDenied(runId, state.turn(), call, approval.reason()));
        }
        return new Observation.ApprovalAnswered(call.id(), approval);
    }

    private static String preview(FunctionTool tool, ToolCall call) {
        try {
            return tool.preview(call.arguments());
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void stop(Observation.Stopped how) {
        if (stoppedBy == null) {
            stoppedBy = how;
        }
    }

    private RunResult<T> result(RunMachine.Decision<T> decision) {
        RunState end = decision.state();
        state = end;
        Step.Finish finish = (Step.Finish) decision.step();
        return new RunResult<>(runId, finish.outcome(), decision.output(), end.lastText(), finish.detail(),
                end.transcript(), end.usage(), end.cost(), end.perTurn(), end);
    }

    /** Returns the ids of the calls whose approval was deferred to the handle and is still open. */
    List<ToolCall> deferred() {
        return approvals.waiting();
    }
}
