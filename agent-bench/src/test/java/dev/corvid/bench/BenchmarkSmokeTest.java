package dev.corvid.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A few runs of each client against an in-process mock: fast, and enough to show the benchmark is sound. */
class BenchmarkSmokeTest {

    private static MockServer mock;

    @BeforeAll
    static void startMock() throws IOException {
        mock = MockServer.start(0, 0);
    }

    @AfterAll
    static void stopMock() {
        mock.close();
    }

    @Test
    void baselineAnswersCorrectlyWithoutStreaming() {
        assertRunsCorrectly("baseline", false);
    }

    @Test
    void baselineAnswersCorrectlyWhenStreaming() {
        assertRunsCorrectly("baseline", true);
    }

    @Test
    void baselineWithToolsOnTheRunsThreadAnswersCorrectly() {
        assertRunsCorrectly("baseline-inline-tools", false);
        assertRunsCorrectly("baseline-inline-tools", true);
    }

    @Test
    void corvidAnswersCorrectlyWithoutStreaming() {
        assertRunsCorrectly("corvid", false);
    }

    @Test
    void corvidAnswersCorrectlyWhenStreaming() {
        assertRunsCorrectly("corvid", true);
    }

    @Test
    void aWrongAnswerIsCaught() {
        BenchTools tools = new BenchTools();
        tools.weatherFor("run-1", "Paris");
        tools.sum("run-1", 2, 3);
        assertThrows(Workload.WrongAnswerException.class,
                () -> Workload.check(new Answer("run-1", "It is 18°C and sunny in Paris, and 2+3=6."), tools));
    }

    @Test
    void aToolThatRanTwiceIsCaught() {
        BenchTools tools = new BenchTools();
        tools.weatherFor("run-1", "Paris");
        tools.weatherFor("run-1", "Paris");
        tools.sum("run-1", 2, 3);
        assertThrows(Workload.WrongAnswerException.class,
                () -> Workload.check(new Answer("run-1", MockReplies.answerText(Workload.EXPECTED_WEATHER, "5")), tools));
    }

    private static void assertRunsCorrectly(String client, boolean stream) {
        BenchTools tools = new BenchTools();
        try (AgentClient agent = Clients.create(client, mock.baseUrl(), stream, 4, tools)) {
            for (int i = 0; i < 3; i++) {
                Answer answer = agent.run(Workload.PROMPT);
                assertEquals("It is 18°C and sunny in Paris, and 2+3=5.", answer.text());
                Workload.check(answer, tools);
            }
        }
        assertTrue(tools.takeInvocations("none").weather() == 0, "no counts are left behind");
    }
}
