package dev.corvid.bench.tasks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Whatever works on a task's workspace: nothing, the reference solution, or {@code corvid} as a child process. */
sealed interface TaskAgent {

    /** Returns the agent's name for the report. */
    String name();

    /**
     * Works on the task in the workspace.
     *
     * @return what the agent reported about its work
     */
    Work work(SuiteTask task, Path workspace) throws IOException, InterruptedException;

    /**
     * What an agent reported about its work on one task.
     *
     * @param turns model requests sent; 0 for agents without a model
     * @param tokens tokens used; 0 when none or not reported
     * @param cost the cost as corvid printed it, or null when unknown
     * @param note how the agent ended, such as {@code answered} or {@code turn limit}
     */
    record Work(int turns, long tokens, String cost, String note) {
    }

    /** Changes nothing: every task must fail, proving that none passes on its own. */
    record NoOp() implements TaskAgent {
        @Override
        public String name() {
            return "no-op";
        }

        @Override
        public Work work(SuiteTask task, Path workspace) {
            return new Work(0, 0, null, "changed nothing");
        }
    }

    /** Lays the reference solution over the project: every task must pass, proving that each can be solved. */
    record Reference() implements TaskAgent {
        @Override
        public String name() {
            return "reference";
        }

        @Override
        public Work work(SuiteTask task, Path workspace) throws IOException {
            SuiteTask.copyTree(task.directory().resolve("solution"), workspace, List.of());
            return new Work(0, 0, null, "applied the reference solution");
        }
    }

    /**
     * Runs {@code java -jar corvid.jar} non-interactively ({@code --yes}) on the task, with the endpoint
     * options given, and reads turns, tokens and cost from its closing line.
     *
     * @param jar the packaged corvid.jar
     * @param endpoint the endpoint options, e.g. {@code --provider dashscope --model qwen3-coder-plus}
     * @param timeout how long one task may take
     * @param environment extra environment variables for corvid, such as {@code CORVID_HOME}
     */
    record Corvid(Path jar, List<String> endpoint, Duration timeout, Map<String, String> environment)
            implements TaskAgent {

        /** corvid's closing line: {@code [answered] 3 turns, 1234 tokens (1000 in, 234 out), cost 0.0012 USD}. */
        private static final Pattern SUMMARY = Pattern.compile(
                "^\\[([a-z ]+)] (\\d+) turns?, (?:(\\d+) tokens \\([^)]*\\)|tokens not reported), "
                        + "(?:cost unknown|cost ([^:]+?))(?::.*)?$", Pattern.MULTILINE);

        @Override
        public String name() {
            return "corvid " + String.join(" ", endpoint);
        }

        @Override
        public Work work(SuiteTask task, Path workspace) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-jar", jar.toAbsolutePath().toString(), "--yes", "--workspace", workspace.toString()));
            command.addAll(endpoint);
            command.add(task.prompt());
            Path log = workspace.resolveSibling("corvid-stderr.txt");
            ProcessBuilder builder = new ProcessBuilder(command).directory(workspace.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(log.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                return new Work(0, 0, null, "timed out after " + timeout.toSeconds() + " s");
            }
            return parse(Files.readString(log, StandardCharsets.UTF_8), process.exitValue());
        }

        static Work parse(String stderr, int status) {
            Matcher summary = SUMMARY.matcher(stderr);
            Work work = null;
            while (summary.find()) {
                work = new Work(Integer.parseInt(summary.group(2)),
                        summary.group(3) == null ? 0 : Long.parseLong(summary.group(3)),
                        summary.group(4) == null ? null : summary.group(4).strip(), summary.group(1));
            }
            if (work != null) {
                return work;
            }
            String last = stderr.strip().lines().reduce((first, second) -> second).orElse("no output");
            return new Work(0, 0, null, "exit " + status + ": " + last);
        }
    }
}
