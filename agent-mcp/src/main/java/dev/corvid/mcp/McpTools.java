package dev.corvid.mcp;

import dev.corvid.tool.FunctionTool;
import dev.corvid.tool.ToolSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tools of several MCP servers as one set, with names that do not clash.
 *
 * <p>A tool keeps its server's name unless another server offers a tool of that name or it is one of the
 * {@linkplain #of(Collection, Collection) reserved names} (an agent's built-in tools); then it becomes
 * {@code <server>__<tool>}. Closing the set closes its servers. Thread-safe.
 */
public final class McpTools implements ToolSet {

    private final List<McpServer> servers;
    private final Set<String> reserved;
    private volatile Snapshot snapshot = new Snapshot(-1, List.of());

    private record Snapshot(long key, List<FunctionTool> tools) {
    }

    private McpTools(List<McpServer> servers, Set<String> reserved) {
        this.servers = servers;
        this.reserved = reserved;
    }

    /**
     * Returns the tools of running servers as one set.
     *
     * @param servers the servers, each with a distinct name
     * @param reservedNames names taken by other tools of the agent, which MCP tools must not use
     * @return the set; closing it closes the servers
     * @throws IllegalArgumentException when two servers share a name
     */
    public static McpTools of(Collection<McpServer> servers, Collection<String> reservedNames) {
        Set<String> names = new HashSet<>();
        for (McpServer server : servers) {
            if (!names.add(server.name())) {
                throw new IllegalArgumentException("two MCP servers are named '" + server.name()
                        + "'; give each a distinct name");
            }
        }
        return new McpTools(List.copyOf(servers), Set.copyOf(reservedNames));
    }

    /**
     * Starts the servers that {@code mcpServers} JSON files describe, the format shared by MCP clients, and
     * returns their tools as one set. See {@link McpConfig} for the format.
     *
     * @param files the configuration files, read in order
     * @param reservedNames names taken by other tools of the agent
     * @return the running servers' tools
     * @throws IllegalArgumentException when a file cannot be read or describes a server wrongly
     * @throws McpServerException when a server cannot be started; those already started are closed
     */
    public static McpTools start(List<Path> files, Collection<String> reservedNames) {
        List<McpServer.Builder> builders = new ArrayList<>();
        for (Path file : files) {
            builders.addAll(McpConfig.read(file));
        }
        List<McpServer> started = new ArrayList<>();
        try {
            for (McpServer.Builder builder : builders) {
                started.add(builder.build());
            }
            return of(started, reservedNames);
        } catch (RuntimeException e) {
            started.forEach(McpServer::close);
            throw e;
        }
    }

    /** {@return the servers in this set} */
    public List<McpServer> servers() {
        return servers;
    }

    @Override
    public List<FunctionTool> tools() {
        long key = version();
        Snapshot current = snapshot;
        if (current.key() == key) {
            return current.tools();
        }
        List<FunctionTool> named = name();
        snapshot = new Snapshot(key, named);
        return named;
    }

    @Override
    public long version() {
        // Each server's version only grows, so their sum changes whenever any of them does.
        long sum = 0;
        for (McpServer server : servers) {
            sum += server.version();
        }
        return sum;
    }

    /** Closes every server, even when one of them fails to close. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (McpServer server : servers) {
            try {
                server.close();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private List<FunctionTool> name() {
        // Each server's list is read once, so that a change arriving meanwhile cannot make the passes disagree.
        List<List<FunctionTool>> offers = servers.stream().map(McpServer::tools).toList();
        Map<String, Integer> offered = new HashMap<>();
        for (List<FunctionTool> tools : offers) {
            for (FunctionTool tool : tools) {
                offered.merge(tool.definition().name(), 1, Integer::sum);
            }
        }
        // The names kept as they are come first, so that no prefixed name can take one of them.
        Set<String> taken = new LinkedHashSet<>(reserved);
        offered.forEach((name, count) -> {
            if (count == 1 && !reserved.contains(name)) {
                taken.add(name);
            }
        });
        List<FunctionTool> named = new ArrayList<>();
        for (int i = 0; i < offers.size(); i++) {
            for (FunctionTool tool : offers.get(i)) {
                String name = tool.definition().name();
                if (offered.get(name) > 1 || reserved.contains(name)) {
                    String prefixed = McpServer.validName(servers.get(i).name() + "__" + name);
                    named.add(((McpTool) tool).renamed(unique(prefixed, taken)));
                } else {
                    named.add(tool);
                }
            }
        }
        return List.copyOf(named);
    }

    /** Keeps a name cut to 64 characters distinct from those already taken. */
    private static String unique(String name, Set<String> taken) {
        String candidate = name;
        for (int n = 2; !taken.add(candidate); n++) {
            String suffix = "_" + n;
            candidate = name.substring(0, Math.min(name.length(), 64 - suffix.length())) + suffix;
        }
        return candidate;
    }
}
