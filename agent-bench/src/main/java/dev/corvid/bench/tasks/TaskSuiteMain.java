package dev.corvid.bench.tasks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the task suite from the command line and writes a JSONL report and a table.
 *
 * <pre>
 * java -cp agent-bench/target/classes:$(cat agent-bench/target/classpath.txt) dev.corvid.bench.tasks.TaskSuiteMain \
 *     --agent corvid --jar agent-samples/target/corvid.jar --out results.jsonl -- --provider dashscope --model qwen3-coder-plus
 * </pre>
 *
 * <p>Options: {@code --agent noop|reference|corvid} (default corvid), {@code --tasks DIR} (default
 * agent-bench/tasks), {@code --jar FILE}, {@code --out FILE} (the JSONL report, default task-results.jsonl),
 * {@code --only NAME,...}, {@code --parallel N} (default 1), {@code --online} (let Maven download), and
 * after {@code --} the endpoint options passed to corvid. Exit status 0 when the run completed, 2 on a
 * usage error.
 */
public final class TaskSuiteMain {

    private TaskSuiteMain() {
    }

    /**
     * Runs the suite.
     *
     * @param args the options described above
     * @throws IOException when the tasks cannot be read or the report cannot be written
     * @throws InterruptedException when interrupted
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        String agentName = "corvid";
        Path tasks = Path.of("agent-bench", "tasks");
        Path jar = Path.of("agent-samples", "target", "corvid.jar");
        Path out = Path.of("task-results.jsonl");
        List<String> only = List.of();
        int parallel = 1;
        boolean offline = true;
        List<String> endpoint = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--agent" -> agentName = value(args, ++i);
                case "--tasks" -> tasks = Path.of(value(args, ++i));
                case "--jar" -> jar = Path.of(value(args, ++i));
                case "--out" -> out = Path.of(value(args, ++i));
                case "--only" -> only = List.of(value(args, ++i).split(","));
                case "--parallel" -> parallel = Integer.parseInt(value(args, ++i));
                case "--online" -> offline = false;
                case "--" -> {
                    endpoint.addAll(List.of(args).subList(i + 1, args.length));
                    i = args.length;
                }
                default -> usage("unknown option '" + args[i] + "'");
            }
        }
        TaskAgent agent = switch (agentName) {
            case "noop" -> new TaskAgent.NoOp();
            case "reference" -> new TaskAgent.Reference();
            case "corvid" -> {
                if (endpoint.isEmpty()) {
                    usage("--agent corvid needs endpoint options after --, e.g. -- --provider dashscope");
                }
                if (!Files.isRegularFile(jar)) {
                    usage(jar + " does not exist; build it with mvn -B -DskipTests package, or give --jar");
                }
                yield new TaskAgent.Corvid(jar, endpoint, Duration.ofMinutes(10), Map.of());
            }
            default -> throw usage("--agent is noop, reference or corvid; got '" + agentName + "'");
        };
        Path maven = Maven.find();
        if (maven == null) {
            usage("mvn was not found on the PATH; install Maven");
        }
        List<String> chosen = only;
        List<SuiteTask> suite = SuiteTask.load(tasks).stream()
                .filter(task -> chosen.isEmpty() || chosen.contains(task.name())).toList();
        List<TaskResult> results = new TaskSuite(maven, offline, parallel).run(suite, agent);
        List<String> lines = new ArrayList<>();
        results.forEach(result -> lines.add(result.json()));
        lines.add(TaskResult.totalJson(results));
        Files.write(out, lines);
        System.out.print(TaskResult.table(results));
        System.out.println("report: " + out.toAbsolutePath());
    }

    private static String value(String[] args, int index) {
        if (index >= args.length) {
            throw usage(args[index - 1] + " needs a value");
        }
        return args[index];
    }

    private static IllegalArgumentException usage(String message) {
        System.err.println("task suite: " + message);
        System.exit(2);
        return new IllegalArgumentException(message);
    }
}
