package dev.corvid.bench;

/**
 * Creates the benchmark's clients by name.
 */
final class Clients {

    /** The two clients the orchestrator compares, baseline first. */
    static final java.util.List<String> NAMES = java.util.List.of("baseline", "corvid");

    private Clients() {
    }

    /**
     * Creates a client.
     *
     * @param name {@code baseline}, {@code corvid}, {@code baseline-inline-tools} (the baseline running a
     *     turn's tool calls on the run's own thread), or the diagnostics {@code corvid-shared-pool} and
     *     {@code corvid-model}
     * @param baseUrl the mock's base URL, ending in {@code /v1}
     * @param stream whether to ask for SSE
     * @param maxConnections how many connections the client may keep open to the mock
     * @throws IllegalArgumentException when the name is unknown
     */
    static AgentClient create(String name, String baseUrl, boolean stream, int maxConnections, BenchTools tools) {
        switch (name) {
            case "baseline":
                return new BaselineClient(baseUrl, stream, maxConnections, tools, false);
            case "baseline-inline-tools":
                return new BaselineClient(baseUrl, stream, maxConnections, tools, true);
            case "corvid":
                return new CorvidClient(baseUrl, stream, tools, 0);
            case "corvid-model":
                return new CorvidModelClient(baseUrl, stream, tools);
            case "corvid-shared-pool":
                return new CorvidClient(baseUrl, stream, tools, maxConnections);
            default:
                throw new IllegalArgumentException("--client is baseline, baseline-inline-tools, corvid, corvid-shared-pool or corvid-model, got '" + name + "'");
        }
    }
}
