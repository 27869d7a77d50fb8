package dev.corvid.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The runtime closure of agent-core: its own jar and every jar it pulls in, as listed in the class path
 * Maven wrote for this module. This module depends only on agent-core and on two of agent-core's own
 * dependencies, so its runtime class path is exactly agent-core's closure.
 *
 * @param entries each jar (or classes directory, in a build that did not package) with its size
 */
record Closure(List<Entry> entries) {

    /** One class path entry and its size in bytes. */
    record Entry(Path path, long bytes) {
    }

    /** Reads the class path file and measures every entry. */
    static Closure of(Path classpathFile) {
        try {
            List<Entry> entries = new ArrayList<>();
            for (String element : Files.readString(classpathFile).trim().split(java.io.File.pathSeparator)) {
                if (!element.isBlank()) {
                    Path path = Path.of(element.trim());
                    entries.add(new Entry(path, size(path)));
                }
            }
            return new Closure(List.copyOf(entries));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + classpathFile + "; build with mvn package first", e);
        }
    }

    /** Returns the total size in MiB. */
    double mebibytes() {
        return entries.stream().mapToLong(Entry::bytes).sum() / (1024.0 * 1024.0);
    }

    private static long size(Path path) throws IOException {
        if (!Files.isDirectory(path)) {
            return Files.size(path);
        }
        try (Stream<Path> files = Files.walk(path)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }
    }
}
