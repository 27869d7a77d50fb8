package dev.corvid.bench.tasks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs an agent on each task of the suite: copies the task into a fresh workspace, lets the agent work,
 * puts the task's tests back, and runs them with Maven (offline, so only what is in the local repository
 * is used); the task passes when they do.
 */
final class TaskSuite {

    /** How long one Maven test run may take. */
    private static final Duration MAVEN_TIMEOUT = Duration.ofMinutes(5);

    private final Path maven;
    private final boolean offline;
    private final int parallel;

    /**
     * @param maven the {@code mvn} executable
     * @param offline whether Maven runs with {@code -o}
     * @param parallel how many tasks run at once
     */
    TaskSuite(Path maven, boolean offline, int parallel) {
        this.maven = maven;
        this.offline = offline;
        this.parallel = parallel;
    }

    /** Runs the agent on every task and returns one result per task, in the tasks' order. */
    List<TaskResult> run(List<SuiteTask> tasks, TaskAgent agent) throws IOException, InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<TaskResult>> pending = new ArrayList<>();
            for (SuiteTask task : tasks) {
                pending.add(pool.submit(() -> run(task, agent)));
            }
            List<TaskResult> results = new ArrayList<>();
            for (Future<TaskResult> result : pending) {
                try {
                    results.add(result.get());
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof IOException io) {
                        throw io;
                    }
                    throw new IllegalStateException("a task run failed: " + cause, cause);
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Runs the agent on one task in a temporary directory that is removed afterwards. */
    TaskResult run(SuiteTask task, TaskAgent agent) throws IOException, InterruptedException {
        Path scratch = Files.createTempDirectory("corvid-task-" + task.name() + "-");
        try {
            Path workspace = scratch.resolve(task.name());
            Files.createDirectories(workspace);
            task.copyProjectTo(workspace);
            long started = System.nanoTime();
            TaskAgent.Work work = agent.work(task, workspace);
            Duration agentTime = Duration.ofNanos(System.nanoTime() - started);
            task.restoreTests(workspace);
            String failure = test(workspace);
            return new TaskResult(task.name(), agent.name(), failure == null, work.turns(), work.tokens(), work.cost(),
                    agentTime.toMillis(), failure == null ? work.note() : work.note() + "; " + failure);
        } finally {
            SuiteTask.deleteTree(scratch);
        }
    }

    /** Runs the workspace's tests; returns null when they pass, else a short reason. */
    private String test(Path workspace) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(maven.toString(), "-B", "-q"));
        if (offline) {
            command.add("-o");
        }
        // One JVM per task instead of two: the tests are tiny and need no isolation from Maven.
        command.addAll(List.of("-Dsurefire.forkCount=0", "test"));
        Path log = workspace.resolveSibling("maven.txt");
        Process process = new ProcessBuilder(command).directory(workspace.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        process.getOutputStream().close();
        if (!process.waitFor(MAVEN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            return "the tests took longer than " + MAVEN_TIMEOUT.toMinutes() + " min";
        }
        if (process.exitValue() == 0) {
            return null;
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        if (output.contains("COMPILATION ERROR")) {
            return "does not compile";
        }
        if (output.contains("Tests run:") && output.contains("FAIL")) {
            return "tests fail";
        }
        if (output.contains("offline") || output.contains("Could not resolve")) {
            return "Maven could not resolve the build offline; run mvn -B verify in the Corvid checkout once";
        }
        return "mvn test exited " + process.exitValue();
    }
}
