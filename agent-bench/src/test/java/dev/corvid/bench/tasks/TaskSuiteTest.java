package dev.corvid.bench.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.corvid.model.AssistantMessage;
import dev.corvid.model.ToolCall;
import dev.corvid.testing.FakeOpenAiServer;
import dev.corvid.testing.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** The task suite is fair: nothing passes untouched, and every task can be solved. */
class TaskSuiteTest {

    private static final Path TASKS = Path.of("tasks");
    private static final Path JAR = Path.of("..", "agent-samples", "target", "corvid.jar");

    private static List<SuiteTask> suite;
    private static TaskSuite runner;

    @TempDir
    Path corvidHome;

    @BeforeAll
    static void load() throws Exception {
        suite = SuiteTask.load(TASKS);
        Path maven = Maven.find();
        assumeTrue(maven != null, "the task suite runs the tasks' tests with mvn; put Maven on the PATH");
        runner = new TaskSuite(maven, true, 2);
    }

    @Test
    void theSuiteHasAtLeastTwelveTasksEachWithAPromptTestsAndASolution() {
        assertTrue(suite.size() >= 12, suite.size() + " tasks");
        for (SuiteTask task : suite) {
            assertFalse(task.prompt().isBlank(), task.name());
            assertTrue(Files.isDirectory(task.directory().resolve("src/test/java")), task.name());
            assertTrue(Files.isDirectory(task.directory().resolve("solution/src/main/java")), task.name());
        }
    }

    @Test
    void anAgentThatChangesNothingScoresZero() throws Exception {
        List<TaskResult> results = runner.run(suite, new TaskAgent.NoOp());
        for (TaskResult result : results) {
            assertFalse(result.passed(), result.task() + " passes without any change");
            assertTrue(result.note().contains("tests fail") || result.note().contains("does not compile"),
                    result.task() + ": " + result.note());
        }
        assertTrue(TaskResult.table(results).contains("0/" + suite.size()), TaskResult.table(results));
    }

    @Test
    void theReferenceSolutionsScoreEveryTask() throws Exception {
        List<TaskResult> results = runner.run(suite, new TaskAgent.Reference());
        for (TaskResult result : results) {
            assertTrue(result.passed(), result.task() + ": " + result.note());
        }
        String table = TaskResult.table(results);
        assertTrue(table.contains(suite.size() + "/" + suite.size()) && table.contains("pass rate 100%"), table);
    }

    @Test
    void aScriptedCorvidRunIsScoredWithItsTurnsAndTokens() throws Exception {
        assumeTrue(Files.isRegularFile(JAR), "needs " + JAR + "; build it with mvn -B -DskipTests package");
        SuiteTask task = suite.stream().filter(t -> t.name().equals("leap-year")).findFirst().orElseThrow();
        String fixed = Files.readString(task.directory().resolve("solution/src/main/java/example/Calendar.java"));
        try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
            String arguments = JsonMapper.builder().build().createObjectNode()
                    .put("path", "src/main/java/example/Calendar.java").put("content", fixed).toString();
            server.enqueue(Reply.completion(AssistantMessage.ofToolCalls(List.of(
                    ToolCall.of("c1", "write_file", arguments)))));
            server.enqueue(Reply.completion(AssistantMessage.of("Fixed isLeap for century years.")));
            TaskAgent corvid = new TaskAgent.Corvid(JAR, List.of("--base-url", server.baseUrl(), "--model", "m",
                    "--no-stream"), Duration.ofMinutes(2), Map.of("CORVID_HOME", corvidHome.toString()));

            TaskResult result = runner.run(task, corvid);

            assertTrue(result.passed(), result.note());
            assertEquals(2, result.turns());
            assertEquals(30, result.tokens());
            assertEquals("answered", result.note());
            assertTrue(server.requests().get(0).json().toString().contains("century years"), "the prompt was sent");
        }
    }

    @Test
    void corvidsClosingLineGivesTurnsTokensAndCost() {
        TaskAgent.Work work = TaskAgent.Corvid.parse("-> read_file\n[answered] 3 turns, 1234 tokens (1000 in, 234 out), "
                + "cost 0.0012 USD\n", 0);
        assertEquals(new TaskAgent.Work(3, 1234, "0.0012 USD", "answered"), work);
        TaskAgent.Work limit = TaskAgent.Corvid.parse("[turn limit] 1 turn, tokens not reported, cost unknown: "
                + "the limit of 1 turns was reached\n", 1);
        assertEquals(new TaskAgent.Work(1, 0, null, "turn limit"), limit);
        assertTrue(TaskAgent.Corvid.parse("corvid: ROUTERAI_API_KEY is not set\n", 2).note()
                .contains("exit 2: corvid: ROUTERAI_API_KEY is not set"));
    }

    @Test
    void theReportHasAJsonLinePerTaskAndATotal() {
        List<TaskResult> results = List.of(
                new TaskResult("a", "corvid", true, 3, 1000, "0.0010 USD", 2500, "answered"),
                new TaskResult("b", "corvid", false, 5, 2000, "0.0030 USD", 4000, "answered; tests fail"));
        String total = TaskResult.totalJson(results);
        assertTrue(total.contains("\"pass_rate\":0.5") && total.contains("\"cost\":\"0.0040 USD\"")
                && total.contains("\"tokens\":3000"), total);
        assertTrue(results.get(0).json().contains("\"seconds\":2.5"), results.get(0).json());
        String table = TaskResult.table(results);
        assertTrue(table.contains("total") && table.contains("1/2") && table.contains("pass rate 50%"), table);
        assertNull(new TaskResult("c", "x", false, 0, 0, null, 0, "").cost());
    }
}
