package dev.corvid.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.model.ToolCall;
import dev.corvid.model.ToolMessage;
import dev.corvid.testing.ScriptedChatModel;
import dev.corvid.tool.Tool;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Approval is a step of its own: it waits outside the tool's time, for the approver or the run's handle. */
class ApprovalStepTest {

    static class Files {
        final List<String> deleted = new CopyOnWriteArrayList<>();

        @Tool("Deletes a file")
        public String delete(String path) {
            deleted.add(path);
            return "deleted " + path;
        }
    }

    private static ScriptedChatModel deleteThenAnswer(String... paths) {
        ScriptedChatModel.Builder script = ScriptedChatModel.builder();
        ToolCall[] calls = new ToolCall[paths.length];
        for (int i = 0; i < paths.length; i++) {
            calls[i] = ToolCall.of("d" + i, "delete", "{\"path\":\"" + paths[i] + "\"}");
        }
        return script.callTools(calls).answer("done").build();
    }

    private static ToolMessage lastToolMessage(RunResult<?> result) {
        return result.transcript().stream().filter(ToolMessage.class::isInstance).map(ToolMessage.class::cast)
                .reduce((first, second) -> second).orElseThrow();
    }

    @Test
    void aPersonTakingLongerThanTheToolTimeoutToApproveDoesNotTimeTheToolOut() {
        Files files = new Files();
        RunResult<String> result = Agent.builder().model(deleteThenAnswer("a.txt")).tools(files)
                .toolTimeout(Duration.ofMillis(100))
                .approver(call -> {
                    sleep(400); // reading a long diff
                    return ToolApprover.Approval.allow();
                }).build().run("clean");
        assertEquals(List.of("a.txt"), files.deleted);
        assertEquals("deleted a.txt", lastToolMessage(result).content());
    }

    @Test
    void aDeferredCallWaitsForTheHandleAndRunsWhenApproved() throws Exception {
        Files files = new Files();
        CountDownLatch asked = new CountDownLatch(1);
        List<String> previewsAndDenials = new CopyOnWriteArrayList<>();
        Agent agent = Agent.builder().model(deleteThenAnswer("a.txt", "b.txt")).tools(files)
                .approver(call -> call.arguments().contains("b.txt") ? ToolApprover.Approval.defer()
                        : ToolApprover.Approval.deny("a.txt stays")).build();
        RunHandle<String> handle = agent.runAsync(List.of(), "clean", event -> {
            if (event instanceof RunEvent.ToolCallDenied denied) {
                previewsAndDenials.add("denied " + denied.call().id() + ": " + denied.reason());
            } else if (event instanceof RunEvent.ApprovalRequested requested && requested.call().id().equals("d1")) {
                asked.countDown();
            }
        });
        assertTrue(asked.await(10, TimeUnit.SECONDS), "the run asked for d1");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (handle.awaitingApproval().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(List.of("d1"), handle.awaitingApproval().stream().map(ToolCall::id).toList());
        assertTrue(files.deleted.isEmpty(), "nothing runs while a call of the turn waits");
        assertThrows(IllegalArgumentException.class, () -> handle.approve("d0"), "d0 was answered already");

        handle.approve("d1");
        RunResult<String> result = handle.result().get(10, TimeUnit.SECONDS);
        assertEquals("done", result.output());
        assertEquals(List.of("b.txt"), files.deleted);
        assertEquals(List.of("denied d0: a.txt stays"), previewsAndDenials);
    }

    @Test
    void aDeferredCallDeniedThroughTheHandleTellsTheModelTheReason() throws Exception {
        Files files = new Files();
        Agent agent = Agent.builder().model(deleteThenAnswer("a.txt")).tools(files)
                .approver(ToolApprover.DEFER_ALL).build();
        RunHandle<String> handle = agent.runAsync("clean");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (handle.awaitingApproval().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        handle.deny("d0", "keep it");
        RunResult<String> result = handle.result().get(10, TimeUnit.SECONDS);
        assertTrue(files.deleted.isEmpty());
        ToolMessage denial = lastToolMessage(result);
        assertTrue(denial.error() && denial.content().contains("keep it"), denial.content());
    }

    @Test
    void nobodyAnsweringWithinTheApprovalTimeoutDeniesTheCallWithAReason() {
        Files files = new Files();
        RunResult<String> result = Agent.builder().model(deleteThenAnswer("a.txt")).tools(files)
                .approver(ToolApprover.DEFER_ALL).approvalTimeout(Duration.ofMillis(150)).build().run("clean");
        assertTrue(files.deleted.isEmpty());
        assertTrue(lastToolMessage(result).content().contains("nobody answered within the approval timeout"),
                lastToolMessage(result).content());
        assertEquals("done", result.output(), "the run goes on after the denial");
    }

    @Test
    void aSlowSynchronousApproverIsDeniedAtTheApprovalTimeout() {
        Files files = new Files();
        RunResult<String> result = Agent.builder().model(deleteThenAnswer("a.txt")).tools(files)
                .approvalTimeout(Duration.ofMillis(100))
                .approver(call -> {
                    sleep(5_000);
                    return ToolApprover.Approval.allow();
                }).build().run("clean");
        assertTrue(files.deleted.isEmpty());
        assertTrue(lastToolMessage(result).content().contains("approval timeout"), lastToolMessage(result).content());
    }

    @Test
    void cancellingARunThatWaitsForAnApprovalEndsIt() throws Exception {
        Agent agent = Agent.builder().model(deleteThenAnswer("a.txt")).tools(new Files())
                .approver(ToolApprover.DEFER_ALL).build();
        RunHandle<String> handle = agent.runAsync("clean");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (handle.awaitingApproval().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        handle.cancel();
        RunResult<String> result = handle.result().get(10, TimeUnit.SECONDS);
        assertEquals(RunOutcome.CANCELLED, result.outcome());
        assertTrue(lastToolMessage(result).content().startsWith("Not run"), lastToolMessage(result).content());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
