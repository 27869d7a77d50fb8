package dev.corvid.agent;

import dev.corvid.tool.FunctionTool;
import dev.corvid.tool.ToolSet;
import dev.corvid.tool.Toolbox;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An agent's own tools and its tool sets as one toolbox, rebuilt only when a set's version changes.
 * Thread-safe: concurrent runs read it at once.
 */
final class ToolSets implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ToolSets.class.getName());

    private final Toolbox own;
    private final List<ToolSet> sets;
    private volatile Snapshot snapshot;

    private record Snapshot(long[] versions, Toolbox toolbox) {
    }

    ToolSets(Toolbox own, List<ToolSet> sets) {
        this.own = own;
        this.sets = List.copyOf(sets);
    }

    /** Returns the tools offered now. */
    Toolbox current() {
        if (sets.isEmpty()) {
            return own;
        }
        long[] versions = new long[sets.size()];
        for (int i = 0; i < versions.length; i++) {
            versions[i] = sets.get(i).version();
        }
        Snapshot last = snapshot;
        if (last == null || !Arrays.equals(last.versions, versions)) {
            last = new Snapshot(versions, merge());
            snapshot = last;
        }
        return last.toolbox;
    }

    private Toolbox merge() {
        Toolbox.Builder merged = Toolbox.builder().add(own);
        Set<String> names = new HashSet<>(own.names());
        for (ToolSet set : sets) {
            for (FunctionTool tool : set.tools()) {
                if (names.add(tool.definition().name())) {
                    merged.add(tool);
                } else {
                    LOG.log(System.Logger.Level.WARNING, "tool set " + set + " offers a second tool named '"
                            + tool.definition().name() + "'; the first one is kept");
                }
            }
        }
        return merged.build();
    }

    /** Closes every set, each even when another fails; the first failure is thrown, the others suppressed. */
    @Override
    public void close() {
        RuntimeException first = null;
        for (ToolSet set : sets) {
            try {
                set.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
