package dev.corvid.it.jdk25;

import dev.corvid.agent.Agent;
import dev.corvid.agent.RunResult;
import dev.corvid.model.ChatModel;
import dev.corvid.openai.OpenAiCompatibleModel;
import dev.corvid.tool.Tool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A plain Java application that runs many agent runs at once, one virtual thread each, through one shared
 * agent and model, and checks every answer: each run asks for the square of its own number, which the model
 * gets from the {@link Squares} tool.
 */
public final class VirtualThreadLoad {

    /**
     * What a load run found.
     *
     * @param runs how many runs were started
     * @param wrong a line for each run that gave no answer or a wrong one
     */
    public record Outcome(int runs, List<String> wrong) {

        /** Validates and copies the outcome. */
        public Outcome {
            wrong = List.copyOf(wrong);
        }

        /**
         * Returns whether every run gave the right answer.
         *
         * @return true when no run went wrong
         */
        public boolean allRight() {
            return wrong.isEmpty();
        }
    }

    /** The tool every run calls. */
    public static final class Squares {

        /** Creates the tool. */
        public Squares() {
        }

        /**
         * Returns a number's square.
         *
         * @param n the number
         * @return n times n
         */
        @Tool("Returns the square of a whole number")
        public long square(long n) {
            return n * n;
        }
    }

    private VirtualThreadLoad() {
    }

    /**
     * Runs {@code runs} agent runs at once, each on its own virtual thread, asking "What is the square of i?".
     *
     * @param model the model every run shares
     * @param runs how many runs, at least 1
     * @param deadline how long all of them may take together
     * @return what was found; runs still going at the deadline count as wrong
     * @throws InterruptedException when interrupted while waiting
     */
    public static Outcome run(ChatModel model, int runs, Duration deadline) throws InterruptedException {
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be at least 1, was " + runs);
        }
        Agent agent = Agent.builder().model(model).instructions("Use the tool to compute squares.")
                .tools(new Squares()).build();
        List<String> wrong = new ArrayList<>();
        long until = System.nanoTime() + deadline.toNanos();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<RunResult<String>>> results = new ArrayList<>();
            for (int i = 1; i <= runs; i++) {
                String prompt = "What is the square of " + i + "?";
                results.add(threads.submit(() -> agent.run(prompt)));
            }
            for (int i = 1; i <= runs; i++) {
                String expected = "The square is " + (long) i * i + ".";
                try {
                    RunResult<String> result = results.get(i - 1).get(Math.max(0, until - System.nanoTime()),
                            TimeUnit.NANOSECONDS);
                    if (!expected.equals(result.output())) {
                        wrong.add("run " + i + ": " + result.outcome() + " " + result.output() + " " + result.detail());
                    }
                } catch (ExecutionException e) {
                    wrong.add("run " + i + ": threw " + e.getCause());
                } catch (TimeoutException e) {
                    wrong.add("run " + i + ": still running at the deadline");
                }
            }
            threads.shutdownNow();
        }
        return new Outcome(runs, wrong);
    }

    /**
     * Runs the load against an OpenAI-compatible server.
     *
     * @param args the base URL, the model id, and optionally the number of runs (300 by default)
     * @throws InterruptedException when interrupted while waiting
     */
    public static void main(String[] args) throws InterruptedException {
        if (args.length < 2) {
            System.err.println("usage: VirtualThreadLoad <base-url> <model> [runs]");
            System.exit(2);
        }
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        try (OpenAiCompatibleModel model = OpenAiCompatibleModel.builder().baseUrl(args[0]).model(args[1]).build()) {
            Outcome outcome = run(model, runs, Duration.ofMinutes(5));
            System.out.println(outcome.runs() - outcome.wrong().size() + " of " + outcome.runs() + " runs answered right");
            outcome.wrong().forEach(System.out::println);
            System.exit(outcome.allRight() ? 0 : 1);
        }
    }
}
