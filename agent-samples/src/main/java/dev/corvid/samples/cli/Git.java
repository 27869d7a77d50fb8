package dev.corvid.samples.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the {@code git} command in a directory, with extra environment variables, for the checkpoints. */
final class Git {

    private static final long TIMEOUT_SECONDS = 120;

    private final Path directory;
    private final Map<String, String> environment;

    Git(Path directory, Map<String, String> environment) {
        this.directory = directory;
        this.environment = Map.copyOf(environment);
    }

    /** Returns this git with another environment variable set, such as {@code GIT_INDEX_FILE}. */
    Git with(String name, String value) {
        Map<String, String> more = new java.util.HashMap<>(environment);
        more.put(name, value);
        return new Git(directory, more);
    }

    /** Runs git and returns its standard output as text, stripped of the final newline. */
    String text(String... args) throws IOException {
        return new String(bytes(args), StandardCharsets.UTF_8).stripTrailing();
    }

    /** Runs git and returns its standard output. */
    byte[] bytes(String... args) throws IOException {
        Result result = run(args);
        if (result.status != 0) {
            throw new IOException("git " + String.join(" ", args) + " failed: " + result.error.strip());
        }
        return result.output;
    }

    /** Runs git and returns whether it exited with 0, for commands that answer a question by their status. */
    boolean succeeds(String... args) throws IOException {
        return run(args).status == 0;
    }

    private record Result(int status, byte[] output, String error) {
    }

    private Result run(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("git", "-c", "core.quotepath=off"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        builder.environment().putAll(environment);
        builder.environment().put("GIT_TERMINAL_PROMPT", "0");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IOException("git could not be started; is it installed?", e);
        }
        process.getOutputStream().close();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        Thread pump = new Thread(() -> copy(process.getErrorStream(), errors), "corvid-git-stderr");
        pump.setDaemon(true);
        pump.start();
        byte[] output = process.getInputStream().readAllBytes();
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("git " + String.join(" ", args) + " took longer than " + TIMEOUT_SECONDS + " s");
            }
            pump.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while git ran", e);
        }
        return new Result(process.exitValue(), output, errors.toString(StandardCharsets.UTF_8));
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try (in) {
            in.transferTo(out);
        } catch (IOException closed) {
            // what was read is what there is
        }
    }
}
