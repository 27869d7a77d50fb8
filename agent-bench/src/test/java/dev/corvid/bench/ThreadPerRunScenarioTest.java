package dev.corvid.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The thread-per-run scenario at tiny sizes: its shape (warm-up on the caller, then a thread per run) and its report. */
class ThreadPerRunScenarioTest {

    private static final int RUNS = 6;
    private static final int WARMUP = 3;

    private static MockServer mock;

    @BeforeAll
    static void startMock() throws IOException {
        mock = MockServer.start(0, 5);
    }

    @AfterAll
    static void stopMock() {
        mock.close();
    }

    @Test
    void warmsUpOnTheCallerThenRunsEachRunOnANewThreadOfItsOwnAllAtOnce() throws InterruptedException {
        BenchTools tools = new BenchTools();
        try (Recording client = new Recording(Clients.create("baseline-inline-tools", mock.baseUrl(), false, RUNS, tools))) {
            Map<String, Object> result = ThreadPerRunScenario.run(client, client, tools, RUNS, WARMUP);

            assertEquals(WARMUP, client.onCaller.get(), "the warm-up runs one after the other on the calling thread");
            assertEquals(RUNS, client.runThreads.size(), "every measured run has a thread of its own");
            assertFalse(client.runThreads.contains(Thread.currentThread()));
            assertEquals(RUNS, result.get("runs"));
            double median = (Double) result.get("median_ms");
            double p99 = (Double) result.get("p99_ms");
            double slowest = (Double) result.get("slowest_ms");
            assertTrue(median > 0 && median <= p99 && p99 <= slowest && slowest <= (Double) result.get("wall_ms"),
                    "latencies are ordered and within the wall time: " + result);
            // All runs were alive at once (the recording client holds each until all have started).
            assertTrue((Integer) result.get("peak_threads") >= RUNS + 1, "peak threads counts the run threads: " + result);
        }
    }

    @Test
    void corvidRunsTheScenarioWithCorrectAnswersAfterWarmingUpThroughAnotherClient() throws InterruptedException {
        BenchTools tools = new BenchTools();
        try (AgentClient warmup = Clients.create("corvid", mock.baseUrl(), true, 1, tools);
             AgentClient client = Clients.create("corvid", mock.baseUrl(), true, RUNS, tools)) {
            Map<String, Object> result = ThreadPerRunScenario.run(warmup, client, tools, RUNS, 2);
            assertEquals(RUNS, result.get("runs"));
        }
        assertEquals(0, tools.takeInvocations("none").weather(), "no counts are left behind");
    }

    @Test
    void aWrongAnswerOnARunThreadStopsTheScenario() {
        BenchTools tools = new BenchTools();
        AgentClient wrong = new AgentClient() {
            private final AtomicInteger runs = new AtomicInteger();

            @Override
            public Answer run(String prompt) {
                return new Answer("wrong-" + runs.incrementAndGet(), "It is raining.");
            }

            @Override
            public void close() {
            }
        };
        assertThrows(Workload.WrongAnswerException.class, () -> ThreadPerRunScenario.run(wrong, wrong, tools, RUNS, 0));
    }

    /** Records which thread each run ran on, and holds each measured run until all have started. */
    private static final class Recording implements AgentClient {
        private final AgentClient delegate;
        private final Thread caller = Thread.currentThread();
        private final AtomicInteger onCaller = new AtomicInteger();
        private final Set<Thread> runThreads = ConcurrentHashMap.newKeySet();
        private final CountDownLatch allStarted = new CountDownLatch(RUNS);

        Recording(AgentClient delegate) {
            this.delegate = delegate;
        }

        @Override
        public Answer run(String prompt) {
            if (Thread.currentThread() == caller) {
                onCaller.incrementAndGet();
            } else {
                runThreads.add(Thread.currentThread());
                allStarted.countDown();
                try {
                    if (!allStarted.await(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the runs did not all start within 30 s");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            return delegate.run(prompt);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
