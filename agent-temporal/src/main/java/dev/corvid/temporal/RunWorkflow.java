package dev.corvid.temporal;

import dev.corvid.agent.Agent;
import dev.corvid.agent.Observation;
import dev.corvid.agent.RunMachine;
import dev.corvid.agent.RunOutcome;
import dev.corvid.agent.RunState;
import dev.corvid.agent.Step;
import dev.corvid.agent.ToolApprover;
import dev.corvid.model.ContextLengthExceededException;
import dev.corvid.model.Message;
import dev.corvid.model.ModelResponse;
import dev.corvid.model.ModelSettings;
import dev.corvid.model.SystemMessage;
import dev.corvid.model.ToolCall;
import dev.corvid.tool.ToolResult;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One durable run: the loop of the in-process runner, with the machine's steps carried out as activities
 * and approvals answered by signals. Only the pure decision function and Temporal's deterministic API are
 * used here; everything that touches the world is in {@link WorkerActivities}.
 */
final class RunWorkflow implements AgentWorkflow {

    private static final int DETAIL_CHARS = 500;
    private static final String TOO_LONG = ContextLengthExceededException.class.getSimpleName();

    private final Agent agent;
    private final DurableOptions options;
    private final RunActivities model;
    private final RunActivities reviews;
    private final Map<String, RunInput.Answer> answers = new LinkedHashMap<>();
    private final List<DurableEvent> events = new ArrayList<>();
    private final Map<String, ToolResult> finishedCalls = new LinkedHashMap<>();
    private long eventCount;
    private RunState state;
    private Step.Finish finish;
    private String waitingCall;
    private Observation.Stopped stoppedBy;

    RunWorkflow(Agent agent, DurableOptions options) {
        this.agent = agent;
        this.options = options;
        this.model = Workflow.newActivityStub(RunActivities.class, ActivityOptions.newBuilder()
                .setStartToCloseTimeout(options.modelTimeout())
                .setHeartbeatTimeout(options.heartbeatTimeout())
                .setRetryOptions(RetryOptions.newBuilder()
                        .setInitialInterval(Duration.ofSeconds(1))
                        .setBackoffCoefficient(2)
                        .setMaximumInterval(Duration.ofMinutes(1))
                        .setMaximumAttempts(options.modelAttempts())
                        .build())
                .build());
        this.reviews = Workflow.newActivityStub(RunActivities.class, ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(1))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).build())
                .build());
    }

    @Override
    public RunState run(RunInput input) {
        state = input.state();
        eventCount = input.events();
        input.answers().forEach(answer -> answers.put(answer.callId(), answer));
        String instructions = AgentAccess.instructions(agent);
        if (!input.resumed() && state.turn() == 0 && instructions != null
                && !(state.transcript().get(0) instanceof SystemMessage)) {
            List<Message> transcript = new ArrayList<>(state.transcript().size() + 1);
            transcript.add(Message.system(instructions));
            transcript.addAll(state.transcript());
            state = RunState.start(state.runId(), transcript);
        }
        String answerType = input.answerType();
        @SuppressWarnings("unchecked")
        RunMachine<Object> machine = (RunMachine<Object>) Machines.of(agent, answerType);
        record(DurableEvent.Kind.RUN_STARTED, null, input.resumed() ? "resumed" : null);
        Duration runTimeout = AgentAccess.runTimeout(agent);
        long deadline = input.deadline();
        if (deadline == 0 && runTimeout != null) {
            deadline = Workflow.currentTimeMillis() + runTimeout.toMillis();
        }
        long runDeadline = deadline;
        CancellationScope scope = Workflow.newCancellationScope(() -> {
            finish = steps(machine, answerType, runDeadline);
        });
        if (deadline > 0) {
            // The run's timeout, as in process: when it passes, the step under way is stopped and the run
            // ends through the machine with TIMEOUT. Its deadline is carried across continue-as-new.
            Workflow.newTimer(Duration.ofMillis(Math.max(1, deadline - Workflow.currentTimeMillis())))
                    .thenApply(fired -> {
                        if (finish == null) {
                            stoppedBy = new Observation.Stopped(RunOutcome.TIMEOUT, runTimeout == null
                                    ? "the run passed the deadline it started with"
                                    : "the run took longer than its timeout of " + runTimeout);
                            scope.cancel(stoppedBy.detail());
                        }
                        return null;
                    });
        }
        try {
            scope.run();
            return finished(finish);
        } catch (CanceledFailure | ActivityFailure stopped) {
            if (CancellationScope.current().isCancelRequested()) {
                stoppedBy = new Observation.Stopped(RunOutcome.CANCELLED, "the run was cancelled");
            } else if (stoppedBy == null) {
                throw stopped;
            }
            // A stopped run still ends through the machine: calls that finished keep their results, every
            // other open call is answered as not run.
            if (!finishedCalls.isEmpty()) {
                state = machine.next(state, new Observation.ToolsRan(finishedCalls)).state();
            }
            RunMachine.Decision<Object> decision = machine.next(state, stoppedBy);
            state = decision.state();
            return finished((Step.Finish) decision.step());
        }
    }

    /** Carries out the machine's steps until it finishes the run; returns the finishing step. */
    private Step.Finish steps(RunMachine<Object> machine, String answerType, long deadline) {
        RunMachine.Decision<Object> decision = machine.next(state);
        while (true) {
            state = decision.state();
            Step step = decision.step();
            if (step instanceof Step.Finish done) {
                return done;
            }
            if (Workflow.getInfo().isContinueAsNewSuggested()
                    || Workflow.getInfo().getHistoryLength() > options.continueAfterEvents()) {
                Workflow.continueAsNew(new RunInput(state, answerType, true, eventCount,
                        new ArrayList<>(answers.values()), deadline));
            }
            Observation observation;
            if (step instanceof Step.AskModel ask) {
                observation = ask(ask.messages(), ask.settings(), false);
            } else if (step instanceof Step.Compact compact) {
                observation = ask(compact.messages(), compact.settings(), true);
            } else if (step instanceof Step.RunCalls run) {
                finishedCalls.clear();
                observation = new Observation.ToolsRan(runAll(run.calls()));
                finishedCalls.clear();
            } else {
                observation = approve(((Step.AwaitApprovals) step).calls().get(0));
            }
            try {
                decision = machine.next(state, observation);
            } catch (ContextLengthExceededException tooLong) {
                // The machine gives up on a request that compaction cannot save: the run fails as in process.
                throw modelFailure(tooLong.getClass().getSimpleName(), tooLong.getMessage(), new ModelFailure(
                        tooLong.status(), tooLong.providerCode(), tooLong.providerMessage(), tooLong.requestId(),
                        false, tooLong.limit().orElse(0)), null);
            }
        }
    }

    /**
     * Sends the request the machine decided on: an ordinary one, or the summary of a compaction. A rejection
     * as too long becomes an observation, for the machine to compact, as in process.
     */
    private Observation ask(List<Message> messages, ModelSettings settings, boolean compacting) {
        record(DurableEvent.Kind.REQUEST_SENT, null, null);
        ModelResponse response;
        try {
            response = model.complete(new RunActivities.ModelCall(messages, settings));
        } catch (ActivityFailure failure) {
            if (CancellationScope.current().isCancelRequested()
                    || !(failure.getCause() instanceof ApplicationFailure cause)) {
                throw failure;
            }
            record(DurableEvent.Kind.REQUEST_FAILED, null, cause.getOriginalMessage());
            ModelFailure details = cause.getDetails().getSize() == 0 ? null
                    : cause.getDetails().get(0, ModelFailure.class);
            if (TOO_LONG.equals(cause.getType()) && details != null) {
                return new Observation.TooLong(new ContextLengthExceededException(cause.getOriginalMessage(),
                        details.status(), details.providerCode(), details.providerMessage(), details.requestId(),
                        details.limit()), compacting);
            }
            // The run fails as the in-process run throws; the client rebuilds the typed exception.
            throw modelFailure(cause.getType(), cause.getOriginalMessage(), details, failure);
        }
        int turn = state.turn() + 1;
        String text = response.message().text();
        events(DurableEvent.Kind.TURN_FINISHED, turn, null, null, text);
        return compacting ? new Observation.Compacted(response) : new Observation.ModelAnswered(response);
    }

    private static ApplicationFailure modelFailure(String type, String message, ModelFailure details,
                                                   Throwable cause) {
        return ApplicationFailure.newBuilder()
                .setType(type)
                .setMessage(message)
                .setNonRetryable(true)
                .setDetails(details == null ? new Object[0] : new Object[] {details})
                .setCause(cause)
                .build();
    }

    /** Runs the calls of a turn at once, one activity per call, each with its tool's own timeout. */
    private Map<String, ToolResult> runAll(List<ToolCall> calls) {
        List<Promise<ToolResult>> results = new ArrayList<>(calls.size());
        for (ToolCall call : calls) {
            Duration timeout = AgentAccess.toolTimeout(agent, call.name());
            RunActivities tools = Workflow.newActivityStub(RunActivities.class, ActivityOptions.newBuilder()
                    .setStartToCloseTimeout(timeout.plus(options.heartbeatTimeout()))
                    .setHeartbeatTimeout(options.heartbeatTimeout())
                    .setRetryOptions(RetryOptions.newBuilder()
                            .setInitialInterval(Duration.ofSeconds(1))
                            .setMaximumAttempts(options.toolAttempts())
                            .build())
                    .build());
            record(DurableEvent.Kind.TOOL_CALL_STARTED, call, null);
            results.add(Async.function(tools::call, state.runId(), call));
        }
        Map<String, ToolResult> byId = new LinkedHashMap<>();
        for (int i = 0; i < calls.size(); i++) {
            ToolCall call = calls.get(i);
            ToolResult result;
            try {
                result = results.get(i).get();
            } catch (ActivityFailure failure) {
                if (CancellationScope.current().isCancelRequested()) {
                    // Stopped: the calls that finished keep their results.
                    for (int j = 0; j < calls.size(); j++) {
                        Promise<ToolResult> done = results.get(j);
                        if (done.isCompleted() && done.getFailure() == null) {
                            finishedCalls.put(calls.get(j).id(), done.get());
                        }
                    }
                    throw failure;
                }
                result = ToolResult.failure("Error: " + call.name() + " could not be run: its worker failed "
                        + options.toolAttempts() + " times (" + rootMessage(failure) + ")");
            }
            byId.put(call.id(), result);
            record(result.error() ? DurableEvent.Kind.TOOL_CALL_FAILED : DurableEvent.Kind.TOOL_CALL_FINISHED, call,
                    result.content());
        }
        return byId;
    }

    /** Gets the decision on one call: the approver's, or, when it defers, a person's by signal. */
    private Observation approve(ToolCall call) {
        RunActivities.Review review = reviews.review(call);
        ToolApprover.Approval approval;
        if (!review.deferred()) {
            approval = review.allowed() ? ToolApprover.Approval.allow() : ToolApprover.Approval.deny(review.reason());
        } else {
            record(DurableEvent.Kind.APPROVAL_REQUESTED, call, review.preview());
            Duration timeout = AgentAccess.approvalTimeout(agent);
            boolean answered;
            waitingCall = call.id();
            try {
                if (timeout == null) {
                    Workflow.await(() -> answers.containsKey(call.id()));
                    answered = true;
                } else {
                    answered = Workflow.await(timeout, () -> answers.containsKey(call.id()));
                }
            } finally {
                waitingCall = null;
            }
            if (answered) {
                RunInput.Answer answer = answers.remove(call.id());
                approval = answer.allowed() ? ToolApprover.Approval.allow() : ToolApprover.Approval.deny(answer.reason());
            } else {
                approval = ToolApprover.Approval.deny("nobody answered within the approval timeout of " + timeout);
            }
        }
        if (!approval.allowed()) {
            record(DurableEvent.Kind.TOOL_CALL_DENIED, call, approval.reason());
        }
        return new Observation.ApprovalAnswered(call.id(), approval);
    }

    private RunState finished(Step.Finish finish) {
        record(DurableEvent.Kind.RUN_FINISHED, null,
                finish.outcome() + (finish.detail() == null ? "" : ": " + finish.detail()));
        return state;
    }

    @Override
    public void approve(String callId) {
        answers.put(callId, new RunInput.Answer(callId, true, null));
    }

    @Override
    public void deny(String callId, String reason) {
        answers.put(callId, new RunInput.Answer(callId, false, reason));
    }

    @Override
    public void approveCall(String callId) {
        approve(callId);
    }

    @Override
    public void validateApproveCall(String callId) {
        requireWaiting(callId);
    }

    @Override
    public void denyCall(String callId, String reason) {
        deny(callId, reason);
    }

    @Override
    public void validateDenyCall(String callId, String reason) {
        requireWaiting(callId);
    }

    private void requireWaiting(String callId) {
        if (waitingCall == null || !waitingCall.equals(callId) || answers.containsKey(callId)) {
            throw new IllegalArgumentException("no call '" + callId + "' waits for a person's approval; "
                    + (waitingCall == null || answers.containsKey(waitingCall) ? "none does now"
                    : "the call that waits is " + waitingCall));
        }
    }

    @Override
    public RunState state() {
        return state;
    }

    @Override
    public List<DurableEvent> events(long after) {
        List<DurableEvent> page = new ArrayList<>();
        for (DurableEvent event : events) {
            if (event.index() > after && page.size() < DurableEvent.PAGE) {
                page.add(event);
            }
        }
        return page;
    }

    private void record(DurableEvent.Kind kind, ToolCall call, String detail) {
        events(kind, state.turn(), call == null ? null : call.id(), call == null ? null : call.name(), detail);
    }

    private void events(DurableEvent.Kind kind, int turn, String callId, String tool, String detail) {
        String shortDetail = detail == null || detail.length() <= DETAIL_CHARS ? detail
                : detail.substring(0, DETAIL_CHARS) + "…";
        events.add(new DurableEvent(eventCount++, kind, turn, callId, tool, shortDetail));
        if (events.size() > 10 * DurableEvent.PAGE) {
            events.remove(0); // a follower far behind reads from the oldest kept event
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof ApplicationFailure application ? application.getOriginalMessage() : cause.getMessage();
    }
}
