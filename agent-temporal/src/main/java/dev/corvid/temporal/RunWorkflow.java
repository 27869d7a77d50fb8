package dev.corvid.temporal;

import dev.corvid.agent.Agent;
import dev.corvid.agent.Observation;
import dev.corvid.agent.RunMachine;
import dev.corvid.agent.RunOutcome;
import dev.corvid.agent.RunState;
import dev.corvid.agent.Step;
import dev.corvid.agent.ToolApprover;
import dev.corvid.model.Message;
import dev.corvid.model.ModelResponse;
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

    private final Agent agent;
    private final DurableOptions options;
    private final RunActivities model;
    private final RunActivities reviews;
    private final Map<String, RunInput.Answer> answers = new LinkedHashMap<>();
    private final List<DurableEvent> events = new ArrayList<>();
    private long eventCount;
    private RunState state;

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
        RunMachine.Decision<Object> decision = machine.next(state);
        try {
            while (true) {
                state = decision.state();
                Step step = decision.step();
                if (step instanceof Step.Finish finish) {
                    return finished(finish);
                }
                if (Workflow.getInfo().isContinueAsNewSuggested()
                        || Workflow.getInfo().getHistoryLength() > options.continueAfterEvents()) {
                    Workflow.continueAsNew(new RunInput(state, answerType, true, eventCount,
                            new ArrayList<>(answers.values())));
                }
                Observation observation;
                if (step instanceof Step.AskModel) {
                    observation = ask(answerType, false);
                } else if (step instanceof Step.Compact) {
                    observation = ask(answerType, true);
                } else if (step instanceof Step.RunCalls run) {
                    observation = new Observation.ToolsRan(runAll(run.calls()));
                } else {
                    observation = approve(((Step.AwaitApprovals) step).calls().get(0));
                }
                decision = machine.next(state, observation);
            }
        } catch (CanceledFailure | ActivityFailure stopped) {
            if (!CancellationScope.current().isCancelRequested()) {
                throw stopped;
            }
            // A cancelled workflow still ends its run through the machine, with every open call answered.
            decision = machine.next(state, new Observation.Stopped(RunOutcome.CANCELLED, "the run was cancelled"));
            state = decision.state();
            return finished((Step.Finish) decision.step());
        }
    }

    /** Asks the model for the state's next request: an ordinary one, or the summary of a compaction. */
    private Observation ask(String answerType, boolean compacting) {
        record(DurableEvent.Kind.REQUEST_SENT, null, null);
        ModelResponse response;
        try {
            response = model.complete(state, answerType);
        } catch (ActivityFailure failure) {
            if (CancellationScope.current().isCancelRequested()
                    || !(failure.getCause() instanceof ApplicationFailure cause)) {
                throw failure;
            }
            record(DurableEvent.Kind.REQUEST_FAILED, null, cause.getOriginalMessage());
            // The run fails as the in-process run throws; the client rebuilds the typed exception.
            throw ApplicationFailure.newBuilder()
                    .setType(cause.getType())
                    .setMessage(cause.getOriginalMessage())
                    .setNonRetryable(true)
                    .setDetails(cause.getDetails().getSize() == 0 ? new Object[0]
                            : new Object[] {cause.getDetails().get(0, ModelFailure.class)})
                    .setCause(failure)
                    .build();
        }
        int turn = state.turn() + 1;
        String text = response.message().text();
        events(DurableEvent.Kind.TURN_FINISHED, turn, null, null, text);
        return compacting ? new Observation.Compacted(response) : new Observation.ModelAnswered(response);
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
            if (timeout == null) {
                Workflow.await(() -> answers.containsKey(call.id()));
                answered = true;
            } else {
                answered = Workflow.await(timeout, () -> answers.containsKey(call.id()));
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
