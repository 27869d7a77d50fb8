package dev.corvid.tools;

import dev.corvid.tool.ToolContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Walks the files under a directory of the workspace in sorted order, as {@code list_files} and
 * {@code search} see them: {@code .git} and what {@code .gitignore} files ignore are skipped, symbolic
 * links to directories are never followed, and a symbolic link to a file is reported only when asked and
 * only when its target lies inside the workspace. Not thread-safe: one walker per call.
 */
final class WorkspaceWalker {

    /** Entries one walk looks at before it gives up, so that a huge unignored tree cannot stall a call. */
    static final int MAX_VISITED = 200_000;

    /** Receives each file. */
    @FunctionalInterface
    interface Visitor {
        /**
         * @param file the file's path under the workspace root
         * @param relative the path as the model names it
         * @param attributes the file's attributes, read without following links
         * @return whether to go on
         */
        boolean visit(Path file, String relative, BasicFileAttributes attributes) throws IOException;
    }

    /**
     * What a walk skipped.
     *
     * @param ignored entries skipped because a {@code .gitignore} ignores them (a directory counts once)
     * @param exhausted whether the walk stopped after {@link #MAX_VISITED} entries
     */
    record Summary(int ignored, boolean exhausted) {
    }

    private final Workspace workspace;
    private final boolean includeFileLinks;
    private final ToolContext context;
    private int visited;
    private int ignored;
    private boolean stopped;
    private boolean exhausted;

    /**
     * @param includeFileLinks whether symbolic links to files inside the workspace are visited
     * @param context the call's context, checked for cancellation; null outside an agent
     */
    WorkspaceWalker(Workspace workspace, boolean includeFileLinks, ToolContext context) {
        this.workspace = workspace;
        this.includeFileLinks = includeFileLinks;
        this.context = context;
    }

    /**
     * Visits the files under a directory, or the one file given.
     *
     * @param start a resolved, existing path under the workspace root; an explicit start is never ignored
     */
    Summary walk(Path start, Visitor visitor) throws IOException {
        BasicFileAttributes attributes = attributes(start);
        if (!attributes.isDirectory()) {
            if (attributes.isRegularFile()) {
                visitor.visit(start, workspace.display(start), attributes);
            }
            return new Summary(0, false);
        }
        List<GitIgnore> stack = new ArrayList<>();
        Path root = workspace.root();
        addIgnoreFile(stack, root.resolve(".git").resolve("info").resolve("exclude"), "");
        Path directory = root;
        addIgnoreFile(stack, directory.resolve(".gitignore"), "");
        for (Path name : root.relativize(start)) {
            if (name.toString().isEmpty()) {
                continue;
            }
            directory = directory.resolve(name);
            addIgnoreFile(stack, directory.resolve(".gitignore"), workspace.display(directory));
        }
        walkDirectory(start, stack, visitor);
        return new Summary(ignored, exhausted);
    }

    private void walkDirectory(Path directory, List<GitIgnore> stack, Visitor visitor) throws IOException {
        if (context != null && context.isCancelled()) {
            throw new java.util.concurrent.CancellationException("the call was cancelled");
        }
        for (Path child : sortedChildren(directory)) {
            if (stopped) {
                return;
            }
            if (++visited > MAX_VISITED) {
                exhausted = true;
                stopped = true;
                return;
            }
            String name = child.getFileName().toString();
            if (name.equals(".git")) {
                continue;
            }
            BasicFileAttributes attributes;
            try {
                attributes = attributes(child);
            } catch (IOException vanished) {
                continue;
            }
            String relative = workspace.display(child);
            if (attributes.isSymbolicLink()) {
                visitLink(child, relative, stack, visitor);
            } else if (attributes.isDirectory()) {
                if (GitIgnore.isIgnored(stack, relative, true)) {
                    ignored++;
                    continue;
                }
                int depth = stack.size();
                addIgnoreFile(stack, child.resolve(".gitignore"), relative);
                walkDirectory(child, stack, visitor);
                stack.subList(depth, stack.size()).clear();
            } else if (attributes.isRegularFile()) {
                if (GitIgnore.isIgnored(stack, relative, false)) {
                    ignored++;
                } else if (!visitor.visit(child, relative, attributes)) {
                    stopped = true;
                }
            }
        }
    }

    private void visitLink(Path link, String relative, List<GitIgnore> stack, Visitor visitor) throws IOException {
        if (!includeFileLinks || GitIgnore.isIgnored(stack, relative, false)) {
            return;
        }
        Path target;
        try {
            target = link.toRealPath();
        } catch (IOException dangling) {
            return;
        }
        if (!target.startsWith(workspace.root()) || !Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        BasicFileAttributes attributes = attributes(target);
        if (!visitor.visit(link, relative, attributes)) {
            stopped = true;
        }
    }

    private static BasicFileAttributes attributes(Path path) throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    }

    private static List<Path> sortedChildren(Path directory) {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            entries.forEach(children::add);
        } catch (IOException | SecurityException unreadable) {
            // A directory the process may not read is skipped like an empty one.
            return List.of();
        }
        Path[] sorted = children.toArray(new Path[0]);
        Arrays.sort(sorted, (a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        return Arrays.asList(sorted);
    }

    /** Adds the rules of an ignore file if it is a regular file; a link is not followed, lest it read outside. */
    private static void addIgnoreFile(List<GitIgnore> stack, Path file, String base) {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            GitIgnore rules = GitIgnore.parse(base.equals(".") ? "" : base, List.of(text.split("\r?\n")));
            if (!rules.isEmpty()) {
                stack.add(rules);
            }
        } catch (IOException unreadable) {
            // An unreadable ignore file ignores nothing, as in git.
        }
    }
}
