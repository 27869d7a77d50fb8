package dev.corvid.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.model.AssistantMessage;
import dev.corvid.model.Message;
import dev.corvid.model.ModelRequest;
import dev.corvid.model.ToolCall;
import dev.corvid.model.ToolMessage;
import dev.corvid.testing.ScriptedChatModel;
import dev.corvid.tool.Tool;
import jakarta.validation.constraints.Min;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AgentToolCallsTest {

    static class Calculator {
        final AtomicInteger calls = new AtomicInteger();

        @Tool("Adds two numbers")
        public int add(int a, int b) {
            calls.incrementAndGet();
            return a + b;
        }

        @Tool("Square root of a non-negative number")
        public double sqrt(@Min(0) double x) {
            calls.incrementAndGet();
            return Math.sqrt(x);
        }

        @Tool("Always fails")
        public String flaky() {
            throw new IllegalStateException("the service is down");
        }
    }

    private static List<ToolMessage> toolMessages(List<Message> transcript) {
        return transcript.stream().filter(ToolMessage.class::isInstance).map(ToolMessage.class::cast).toList();
    }

    private static ToolMessage toolMessageIn(ModelRequest request) {
        return (ToolMessage) request.lastMessage();
    }

    @Test
    void theModelsToolCallRunsAndItsResultGoesBackBeforeTheAnswer() {
        Calculator calculator = new Calculator();
        ScriptedChatModel model = ScriptedChatModel.builder()
                .callTool("add", "{\"a\": 2, \"b\": 3}")
                .answer("2 + 3 = 5")
                .build();
        RunResult<String> result = Agent.builder().model(model).instructions("Be exact.").tools(calculator).build()
                .run("What is 2 + 3?");

        assertEquals(RunOutcome.ANSWERED, result.outcome());
        assertEquals("2 + 3 = 5", result.output());
        assertEquals(2, result.turns());
        assertEquals(1, calculator.calls.get());
        ToolMessage toolResult = toolMessageIn(model.requests().get(1));
        assertEquals("call_1", toolResult.toolCallId());
        assertEquals("add", toolResult.toolName());
        assertEquals("5", toolResult.content());
        assertEquals("Be exact.", ((dev.corvid.model.SystemMessage) result.transcript().get(0)).text());
        assertEquals(List.of("add", "flaky", "sqrt"),
                model.requests().get(0).tools().stream().map(d -> d.name()).toList());
    }

    @Test
    void unparseableArgumentsReachTheModelAndItsCorrectedCallSucceeds() {
        Calculator calculator = new Calculator();
        ScriptedChatModel model = ScriptedChatModel.builder()
                .callTool("add", "{\"a\": 2, \"b\": ")
                .callTool("add", "{\"a\": 2, \"b\": 3}")
                .answer("5")
                .build();
        RunResult<String> result = Agent.builder().model(model).tools(calculator).build().run("2+3");

        ToolMessage failure = toolMessageIn(model.requests().get(1));
        assertTrue(failure.error());
        assertTrue(failure.content().contains("not valid JSON"), failure.content());
        ToolMessage success = toolMessageIn(model.requests().get(2));
        assertFalse(success.error());
        assertEquals("5", success.content());
        assertEquals(RunOutcome.ANSWERED, result.outcome());
        assertEquals(1, calculator.calls.get());
    }

    @Test
    void aMissingArgumentReachesTheModelAndItsCorrectedCallSucceeds() {
        ScriptedChatModel model = ScriptedChatModel.builder()
                .callTool("add", "{\"a\": 2}")
                .callTool("add", "{\"a\": 2, \"b\": 3}")
                .answer("5")
                .build();
        RunResult<String> result = Agent.builder().model(model).tools(new Calculator()).build().run("2+3");

        assertTrue(toolMessageIn(model.requests().get(1)).content().contains("missing required argument 'b'"));
        assertEquals("5", toolMessageIn(model.requests().get(2)).content());
        assertTrue(result.isAnswered());
    }

    @Test
    void aMistypedArgumentReachesTheModelAndItsCorrectedCallSucceeds() {
        ScriptedChatModel model = ScriptedChatModel.builder()
                .callTool("add", "{\"a\": 2, \"b\": \"three\"}")
                .callTool("add", "{\"a\": 2, \"b\": 3}")
                .answer("5")
                .build();
        Agent.builder().model(model).tools(new Calculator()).build().run("2+3");

        assertTrue(toolMessageIn(model.requests().get(1)).content().contains("argument 'b'"));
        assertEquals("5", toolMessageIn(model.requests().get(2)).content());
    }

    @Test
    void aConstraintViolationReachesTheModelAndItsCorrectedCallSucceeds() {
        ScriptedChatModel model = ScriptedChatModel.builder()
                .callTool("sqrt", "{\"x\": -4}")
                .callTool("sqrt", "{\"x\": 4}")
                .answer("2")
                .build();
        Agent.builder().model(model).tools(new Calculator()).build().run("sqrt(-4)?");

        assertTrue(toolMessageIn(model.requests().get(1)).content()
                .contains("argument 'x' must be greater than or equal to 0 (got -4.0)"));
        assertEquals("2.0", toolMessageIn(model.requests().get(2)).content());
    }

    @Test
    void anUnknownToolIsReportedWithTheToolsThatExist() {
        ScriptedChatModel model = ScriptedChatModel.builder()
                .callTool("multiply", "{\"a\": 2, \"b\": 3}")
                .callTool("add", "{\"a\": 2, \"b\": 3}")
                .answer("5")
                .build();
        RunResult<String> result = Agent.builder().model(model).tools(new Calculator()).build().run("2*3");

        ToolMessage unknown = toolMessageIn(model.requests().get(1));
        assertTrue(unknown.error());
        assertEquals("Error: there is no tool named 'multiply'. The tools are: add, flaky, sqrt. "
                + "Call again with one of these names.", unknown.content());
        assertTrue(result.isAnswered());
    }

    @Test
    void aToolExceptionBecomesAnErrorResultAndTheRunGoesOn() {
        ScriptedChatModel model = ScriptedChatModel.builder()
                .callTool("flaky", "{}")
                .answer("The service is down, sorry.")
                .build();
        RunResult<String> result = Agent.builder().model(model).tools(new Calculator()).build().run("try it");

        ToolMessage failure = toolMessageIn(model.requests().get(1));
        assertEquals("Error: flaky failed with IllegalStateException: the service is down", failure.content());
        assertTrue(failure.error());
        assertEquals(RunOutcome.ANSWERED, result.outcome());
    }

    @Test
    void aToolThatKeepsFailingEndsTheRunWhenItsRetryBudgetIsSpent() {
        ScriptedChatModel model = ScriptedChatModel.builder()
                .callTool("flaky", "{}")
                .callTool("flaky", "{}")
                .callTool("flaky", "{}")
                .answer("never sent")
                .build();
        RunResult<String> result = Agent.builder().model(model).tools(new Calculator()).build().run("try");

        assertEquals(RunOutcome.RETRIES_EXHAUSTED, result.outcome());
        assertEquals(3, result.turns());
        assertEquals(1, model.remaining());
        assertTrue(result.detail().contains("tool 'flaky' failed 3 times in a row"), result.detail());
        assertTrue(result.detail().contains("the service is down"), result.detail());
        assertEquals(3, toolMessages(result.transcript()).size(), "every call is answered in the transcript");
    }

    @Test
    void aSuccessResetsTheRetryBudget() {
        ScriptedChatModel model = ScriptedChatModel.builder()
                .callTool("add", "{\"a\": 1}")
                .callTool("add", "{\"a\": 1}")
                .callTool("add", "{\"a\": 1, \"b\": 1}")
                .callTool("add", "{\"a\": 1}")
                .callTool("add", "{\"a\": 1}")
                .answer("2")
                .build();
        RunResult<String> result = Agent.builder().model(model).tools(new Calculator()).build().run("1+1");
        assertEquals(RunOutcome.ANSWERED, result.outcome());
    }

    @Test
    void theRetryBudgetCanBeChanged() {
        ScriptedChatModel model = ScriptedChatModel.builder().callTool("flaky", "{}").answer("x").build();
        RunResult<String> result = Agent.builder().model(model).tools(new Calculator()).maxRetries(1).build().run("go");
        assertEquals(RunOutcome.RETRIES_EXHAUSTED, result.outcome());
    }

    static class SlowTools {
        final CyclicBarrier bothRunning = new CyclicBarrier(2);
        final ConcurrentLinkedQueue<String> finished = new ConcurrentLinkedQueue<>();

        @Tool
        public String first() throws Exception {
            bothRunning.await(5, TimeUnit.SECONDS);
            Thread.sleep(200);
            finished.add("first");
            return "first result";
        }

        @Tool
        public String second() throws InterruptedException, BrokenBarrierException, TimeoutException {
            bothRunning.await(5, TimeUnit.SECONDS);
            finished.add("second");
            return "second result";
        }
    }

    @Test
    void toolsOfOneTurnRunAtTheSameTimeAndTheirResultsKeepTheCallOrder() {
        SlowTools tools = new SlowTools();
        ScriptedChatModel model = ScriptedChatModel.builder()
                .callTools(ToolCall.of("c1", "first", "{}"), ToolCall.of("c2", "second", "{}"))
                .answer("both done")
                .build();
        RunResult<String> result = Agent.builder().model(model).tools(tools).build().run("run both");

        // Each tool waits at a barrier for the other: they can only both succeed if they overlap in time.
        assertEquals(List.of("second", "first"), List.copyOf(tools.finished));
        List<ToolMessage> results = toolMessages(result.transcript());
        assertEquals(List.of("c1", "c2"), results.stream().map(ToolMessage::toolCallId).toList());
        assertEquals(List.of("first result", "second result"), results.stream().map(ToolMessage::content).toList());
        assertTrue(result.isAnswered());
    }

    static class ThreadProbe {
        final java.util.Map<String, Thread> threads = new java.util.concurrent.ConcurrentHashMap<>();
        final java.util.concurrent.CountDownLatch firstStarted = new java.util.concurrent.CountDownLatch(1);
        volatile boolean lastWaitsForFirst;

        @Tool
        public String probe(String label) throws InterruptedException {
            threads.put(label, Thread.currentThread());
            if (label.equals("first")) {
                firstStarted.countDown();
            } else if (lastWaitsForFirst) {
                // Keeps the run's thread busy until the pool has taken the first call.
                firstStarted.await(10, TimeUnit.SECONDS);
            }
            return "ok";
        }
    }

    @Test
    void aCallThePoolHasNotStartedWhenTheRunsThreadIsFreeRunsOnTheRunsThread() throws Exception {
        ThreadProbe probe = new ThreadProbe();
        java.util.concurrent.ExecutorService busy = java.util.concurrent.Executors.newSingleThreadExecutor();
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        try {
            busy.submit(() -> release.await(30, TimeUnit.SECONDS)); // the pool's only thread is taken
            ScriptedChatModel model = ScriptedChatModel.builder()
                    .callTools(ToolCall.of("c1", "probe", "{\"label\":\"first\"}"),
                            ToolCall.of("c2", "probe", "{\"label\":\"last\"}"))
                    .answer("done").build();
            RunResult<String> result = Agent.builder().model(model).tools(probe).toolExecutor(busy).build().run("probe");
            assertTrue(result.isAnswered());
            assertSame(Thread.currentThread(), probe.threads.get("first"), "taken back from the busy pool");
            assertSame(Thread.currentThread(), probe.threads.get("last"));
        } finally {
            release.countDown();
            busy.shutdown();
        }
    }

    @Test
    void theLastCallOfATurnRunsOnTheRunsOwnThreadAndTheOthersOnVirtualThreadsFromJdk21() throws Exception {
        ThreadProbe probe = new ThreadProbe();
        probe.lastWaitsForFirst = true;
        ScriptedChatModel model = ScriptedChatModel.builder()
                .callTools(ToolCall.of("c1", "probe", "{\"label\":\"first\"}"),
                        ToolCall.of("c2", "probe", "{\"label\":\"last\"}"))
                .answer("done").build();
        Agent.builder().model(model).tools(probe).build().run("probe");

        assertSame(Thread.currentThread(), probe.threads.get("last"), "no handoff for the last call");
        Thread offloaded = probe.threads.get("first");
        boolean expected = Runtime.version().feature() >= 21;
        boolean virtual = expected && (boolean) Thread.class.getMethod("isVirtual").invoke(offloaded);
        assertEquals(expected, virtual, "tool thread " + offloaded);
        if (!expected) {
            assertTrue(offloaded.isDaemon(), "a JDK 17 tool thread never keeps the application alive");
        }
    }

    @Test
    void aDeniedCallTellsTheModelWhyAndDoesNotRun() {
        Calculator calculator = new Calculator();
        ScriptedChatModel model = ScriptedChatModel.builder()
                .callTool("add", "{\"a\": 2, \"b\": 3}")
                .answer("I may not add.")
                .build();
        RunResult<String> result = Agent.builder().model(model).tools(calculator)
                .approver(call -> ToolApprover.Approval.deny("adding is not allowed today"))
                .build().run("2+3");

        ToolMessage denied = toolMessageIn(model.requests().get(1));
        assertTrue(denied.error());
        assertTrue(denied.content().contains("The user denied this call of add: adding is not allowed today"));
        assertEquals(0, calculator.calls.get());
        assertTrue(result.isAnswered());
    }

    @Test
    void callsWithEmptyOrRepeatedIdsGetIdsOfTheirOwnUsedConsistently() {
        ScriptedChatModel model = ScriptedChatModel.builder()
                .callTools(ToolCall.of("", "add", "{\"a\":1,\"b\":1}"), ToolCall.of("", "add", "{\"a\":2,\"b\":2}"),
                        ToolCall.of("x", "add", "{\"a\":3,\"b\":3}"), ToolCall.of("x", "add", "{\"a\":4,\"b\":4}"))
                .answer("done")
                .build();
        RunResult<String> result = Agent.builder().model(model).tools(new Calculator()).build().run("add");

        AssistantMessage calls = (AssistantMessage) result.transcript().get(1);
        List<String> ids = calls.toolCalls().stream().map(ToolCall::id).toList();
        assertEquals(List.of("call_1_0", "call_1_1", "x", "call_1_3"), ids);
        assertEquals(ids, toolMessages(result.transcript()).stream().map(ToolMessage::toolCallId).toList());
        assertEquals(List.of("2", "4", "6", "8"),
                toolMessages(result.transcript()).stream().map(ToolMessage::content).toList());
    }

    @Test
    void aForcedToolChoiceAppliesToTheFirstTurnOnly() {
        ScriptedChatModel model = ScriptedChatModel.builder()
                .callTool("add", "{\"a\":1,\"b\":1}")
                .answer("2")
                .build();
        Agent.builder().model(model).tools(new Calculator()).toolChoice(dev.corvid.model.ToolChoice.tool("add"))
                .build().run("1+1");
        assertEquals(dev.corvid.model.ToolChoice.tool("add"), model.requests().get(0).settings().toolChoice());
        assertEquals(null, model.requests().get(1).settings().toolChoice());
    }
}
