package dev.corvid.bench.tasks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * One task of the suite: a tiny Maven project whose JUnit tests fail, the prompt that asks for the change,
 * and a reference solution ({@code solution/}, files laid over the project) that makes them pass.
 *
 * @param name the directory name, such as {@code leap-year}
 * @param directory the task's directory
 * @param prompt what the agent is asked to do ({@code task.md})
 */
record SuiteTask(String name, Path directory, String prompt) {

    /** The files of a task directory that are not part of the project the agent gets. */
    static final List<String> NOT_GIVEN = List.of("solution", "task.md");
    /** The shared parent POM, next to the task directories. */
    static final String PARENT_POM = "parent-pom.xml";

    /** Returns the tasks of a suite directory: each subdirectory with a {@code task.md}, by name. */
    static List<SuiteTask> load(Path suite) throws IOException {
        try (Stream<Path> entries = Files.list(suite)) {
            return entries.filter(entry -> Files.isRegularFile(entry.resolve("task.md")))
                    .sorted(Comparator.comparing(Path::toString))
                    .map(entry -> {
                        try {
                            return new SuiteTask(entry.getFileName().toString(), entry,
                                    Files.readString(entry.resolve("task.md")).strip());
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Copies the project as the agent gets it (no solution, no prompt file) into an empty workspace. */
    void copyProjectTo(Path workspace) throws IOException {
        Files.copy(directory.resolveSibling(PARENT_POM), workspace.resolveSibling(PARENT_POM));
        copyTree(directory, workspace, NOT_GIVEN);
    }

    /** Puts the task's own tests and POMs back, so that an agent that changed them gains nothing. */
    void restoreTests(Path workspace) throws IOException {
        deleteTree(workspace.resolve("src/test"));
        copyTree(directory.resolve("src/test"), workspace.resolve("src/test"), List.of());
        Files.copy(directory.resolve("pom.xml"), workspace.resolve("pom.xml"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(directory.resolveSibling(PARENT_POM), workspace.resolveSibling(PARENT_POM),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** Copies a directory tree, leaving out top-level entries by name; existing files are replaced. */
    static void copyTree(Path from, Path to, List<String> leaveOut) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path relative = from.relativize(path);
                if (relative.getNameCount() > 0 && leaveOut.contains(relative.getName(0).toString())) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
