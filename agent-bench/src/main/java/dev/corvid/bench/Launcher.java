package dev.corvid.bench;

import java.io.ByteArrayOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts the benchmark's JVMs, every one fresh, with the module's runtime class path: client JVMs that run
 * one scenario and report a {@code RESULT} line, and mock servers that live for the whole benchmark.
 */
final class Launcher {

    /** What one client JVM reported, and how long it lived from launch to exit. */
    record ClientRun(Map<String, Double> values, long wallNanos) {
    }

    /** A mock server process; closing it stops the process. */
    static final class MockProcess implements AutoCloseable {
        private final Process process;
        final String baseUrl;

        private MockProcess(Process process, String baseUrl) {
            this.process = process;
            this.baseUrl = baseUrl;
        }

        @Override
        public void close() {
            // The mock stops when its standard input ends.
            endInput(process, process.getOutputStream(), 5);
        }
    }

    /**
     * A client JVM driven line by line through its standard input, for the sequential scenario; closing it
     * ends the process.
     */
    static final class InteractiveClient implements AutoCloseable {
        private final Process process;
        private final BufferedReader out;
        private final java.io.Writer in;
        private final String name;

        private InteractiveClient(Process process, String name) {
            this.process = process;
            this.name = name;
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.in = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        }

        /**
         * Sends a command and returns the answer line.
         *
         * @throws IllegalStateException when the client exits instead of answering
         */
        String ask(String command) throws IOException {
            in.write(command + "\n");
            in.flush();
            String answer = out.readLine();
            if (answer == null) {
                throw new IllegalStateException("client " + name + " exited on '" + command + "'; see its log");
            }
            return answer;
        }

        @Override
        public void close() {
            endInput(process, in, 30);
        }
    }

    /** Closes a process's standard input, which ends it, and kills it when it has not ended in time. */
    private static void endInput(Process process, java.io.Closeable input, long seconds) {
        try {
            input.close();
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static final long CLIENT_TIMEOUT_MINUTES = 15;

    private final java.util.concurrent.atomic.AtomicInteger launches = new java.util.concurrent.atomic.AtomicInteger();
    private final String classpath;
    private final List<String> clientJvmOptions;
    private final Path logDirectory;

    Launcher(String classpath, List<String> clientJvmOptions, Path logDirectory) {
        this.classpath = classpath;
        this.clientJvmOptions = List.copyOf(clientJvmOptions);
        this.logDirectory = logDirectory;
    }

    /**
     * Starts a mock server and waits until it listens.
     *
     * @throws IllegalStateException when it does not start
     */
    MockProcess startMock(Jdk jdk, long latencyMillis) throws IOException {
        List<String> command = new ArrayList<>(List.of(jdk.java(), "-XX:+UseSerialGC", "-Xms256m", "-Xmx1g",
                "-cp", classpath, MockServer.class.getName(), "--latency-ms", Long.toString(latencyMillis)));
        Process process = new ProcessBuilder(command)
                .redirectError(logDirectory.resolve("mock-" + latencyMillis + "ms.log").toFile())
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("mock listening on ")) {
            process.destroyForcibly();
            throw new IllegalStateException("the mock server did not start; see " + logDirectory);
        }
        return new MockProcess(process, line.substring("mock listening on ".length()).trim());
    }

    /** Starts {@link ClientMain} in a fresh JVM that takes its commands from standard input. */
    InteractiveClient startInteractive(Jdk jdk, String client, List<String> arguments) throws IOException {
        List<String> command = clientCommand(jdk);
        command.addAll(List.of("--client", client));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command)
                .redirectError(logDirectory.resolve("client-" + launches.incrementAndGet() + "-" + client + ".log").toFile())
                .start();
        return new InteractiveClient(process, client + " on " + jdk.label());
    }

    /**
     * Runs {@link ClientMain} in a fresh JVM and returns its {@code RESULT} values and lifetime.
     *
     * @throws IllegalStateException when the client fails or answers wrongly, with its output
     */
    ClientRun runClient(Jdk jdk, List<String> arguments) throws IOException, InterruptedException {
        List<String> command = clientCommand(jdk);
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        long start = System.nanoTime();
        Process process = builder.start();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> copy(process.getInputStream(), output), "client-output");
        reader.setDaemon(true);
        reader.start();
        boolean exited = process.waitFor(CLIENT_TIMEOUT_MINUTES, TimeUnit.MINUTES);
        long wall = System.nanoTime() - start;
        if (!exited) {
            process.destroyForcibly();
            throw new IllegalStateException("a client ran longer than " + CLIENT_TIMEOUT_MINUTES + " minutes: " + command);
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        String text = output.toString(StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IllegalStateException("client " + arguments + " on " + jdk.label() + " exited with status "
                    + process.exitValue() + ":\n" + text);
        }
        return new ClientRun(parseResult(text), wall);
    }

    private List<String> clientCommand(Jdk jdk) {
        List<String> command = new ArrayList<>();
        command.add(jdk.java());
        command.addAll(clientJvmOptions);
        command.add("-cp");
        command.add(classpath);
        command.add(ClientMain.class.getName());
        return command;
    }

    /** Reads the {@code name=value} pairs of {@code RESULT} and {@code BATCH} lines. */
    static Map<String, Double> parseResult(String output) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            if (!line.startsWith("RESULT") && !line.startsWith("BATCH")) {
                continue;
            }
            for (String pair : line.substring(line.indexOf(' ') + 1).trim().split(" ")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    String value = pair.substring(equals + 1);
                    values.put(pair.substring(0, equals), value.equals("true") ? 1.0
                            : value.equals("false") ? 0.0 : Double.parseDouble(value));
                }
            }
        }
        return values;
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try (in) {
            byte[] buffer = new byte[8192];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                synchronized (out) {
                    out.write(buffer, 0, read);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
