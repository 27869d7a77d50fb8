package dev.corvid.bench;

/**
 * One way to perform the benchmark's agent run: through Corvid, or by hand. Implementations are safe for
 * concurrent runs.
 */
interface AgentClient extends AutoCloseable {

    /**
     * Runs the agent loop on a prompt until the model answers.
     *
     * @return the run's id and answer; the caller checks it with {@link Workload#check}
     * @throws RuntimeException when the transport or the mock fails
     */
    Answer run(String prompt);

    /** Releases the connections. */
    @Override
    void close();
}
