package dev.corvid.tools;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;

/**
 * The directory the tools are confined to, and the one place where a path the model gives becomes a file.
 *
 * <p>Every path is checked on every call, never cached, so a symbolic link created since the last call
 * (by {@code run_shell}, say) is seen: the path must be relative, must not climb above the root, and the
 * real path of its longest existing prefix (symbolic links resolved) must lie under the root's real path,
 * compared as paths, never as strings. Immutable and thread-safe.
 */
final class Workspace {

    /** How many files of the same name a "does not exist" message suggests. */
    private static final int MAX_SUGGESTIONS = 5;

    private final Path root;
    private final Path declared;

    /**
     * @param directory an existing directory
     * @throws IllegalArgumentException when it is not one
     */
    Workspace(Path directory) {
        if (directory == null) {
            throw new IllegalArgumentException("workspace must not be null; pass the directory the tools may use");
        }
        try {
            this.root = directory.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("workspace " + directory + " does not exist or cannot be read; "
                    + "create the directory first", e);
        }
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("workspace " + directory + " is not a directory; pass a directory");
        }
        this.declared = directory.toAbsolutePath().normalize();
    }

    /** Returns the real path of the root. */
    Path root() {
        return root;
    }

    /**
     * Resolves a path the model gave to a path under the root whose existing part is real (free of symbolic
     * links); the part that does not exist yet is appended as given.
     *
     * @param given a path relative to the root; empty or {@code "."} for the root
     * @throws SecurityException when the path is absolute, starts with {@code ~}, climbs above the root, or
     *     leads outside through a symbolic link
     * @throws NoSuchFileException when a symbolic link on the way points to nothing
     * @throws IllegalArgumentException when the path is not a valid path at all
     */
    Path resolve(String given) throws IOException {
        Path relative = relativePath(given);
        Path current = root;
        int count = relative.getFileName() == null || relative.toString().isEmpty() ? 0 : relative.getNameCount();
        for (int i = 0; i < count; i++) {
            Path next = current.resolve(relative.getName(i));
            if (Files.isSymbolicLink(next)) {
                current = followLink(next, given);
            } else if (Files.exists(next, LinkOption.NOFOLLOW_LINKS)) {
                current = next;
            } else {
                current = current.resolve(relative.subpath(i, count));
                break;
            }
        }
        if (!current.startsWith(root)) {
            throw new SecurityException("'" + given + "' is outside the workspace; use a path inside it");
        }
        return current;
    }

    private Path followLink(Path link, String given) throws IOException {
        Path target;
        try {
            target = link.toRealPath();
        } catch (IOException dangling) {
            Path pointsTo = link.getParent().resolve(Files.readSymbolicLink(link)).normalize();
            if (!pointsTo.startsWith(root)) {
                throw outsideThroughLink(given, link);
            }
            throw new NoSuchFileException(null, null, "'" + display(link) + "' in '" + given
                    + "' is a symbolic link to a file that does not exist");
        }
        if (!target.startsWith(root)) {
            throw outsideThroughLink(given, link);
        }
        return target;
    }

    private SecurityException outsideThroughLink(String given, Path link) {
        return new SecurityException("'" + given + "' leads outside the workspace through the symbolic link '"
                + display(link) + "'; only files inside the workspace can be used");
    }

    private Path relativePath(String given) {
        if (given == null) {
            throw new IllegalArgumentException("the path is missing; give a path relative to the workspace root");
        }
        if (given.startsWith("~")) {
            throw new SecurityException("'" + given + "' starts with '~', which is not expanded and would be outside "
                    + "the workspace; give a path relative to the workspace root, e.g. 'src/Main.java'");
        }
        Path path;
        try {
            path = root.getFileSystem().getPath(given);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("'" + given + "' is not a valid path: " + e.getReason());
        }
        if (path.isAbsolute() || path.getRoot() != null || given.startsWith("/") || given.startsWith("\\")) {
            throw new SecurityException(absoluteMessage(given, path));
        }
        Path normalized = path.normalize();
        if (normalized.getNameCount() > 0 && normalized.getName(0).toString().equals("..")) {
            throw new SecurityException("'" + given + "' climbs above the workspace root with '..'; paths are "
                    + "relative to the workspace root and must stay inside it");
        }
        return normalized;
    }

    private String absoluteMessage(String given, Path path) {
        Path normalized = path.normalize();
        for (Path workspace : new Path[] {root, declared}) {
            if (normalized.startsWith(workspace)) {
                String relative = workspace.relativize(normalized).toString();
                return "absolute paths are not accepted; use the path relative to the workspace root instead: '"
                        + (relative.isEmpty() ? "." : relative.replace('\\', '/')) + "'";
            }
        }
        return "'" + given + "' is an absolute path outside the workspace; only paths relative to the workspace "
                + "root are accepted, e.g. 'src/Main.java'";
    }

    /**
     * Resolves a path that must exist.
     *
     * @throws NoSuchFileException when nothing is there, naming files of the same name elsewhere
     */
    Path resolveExisting(String given) throws IOException {
        return resolveExisting(given, "");
    }

    private Path resolveExisting(String given, String advice) throws IOException {
        Path resolved = resolve(given);
        if (Files.exists(resolved, LinkOption.NOFOLLOW_LINKS)) {
            return resolved;
        }
        String name = resolved.getFileName() == null ? "" : resolved.getFileName().toString();
        Set<String> sameName = FileSearch.sameName(this, name, MAX_SUGGESTIONS);
        String hint = sameName.isEmpty() ? "; call list_files to see which files exist"
                : ". Files with that name: " + String.join(", ", sameName) + ". Call list_files to see more";
        throw new NoSuchFileException(null, null, display(resolved) + " does not exist" + hint + advice);
    }

    /**
     * Resolves a path that must be an existing file.
     *
     * @param advice added to the message when the file does not exist, e.g. how to create it
     * @throws NoSuchFileException when nothing is there
     * @throws IllegalArgumentException when it is a directory, a pipe, a socket or a device
     */
    Path resolveFile(String given, String advice) throws IOException {
        Path file = resolveExisting(given, advice);
        if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
            String display = display(file);
            throw new IllegalArgumentException(display + " is a directory, not a file; call list_files with path='"
                    + display + "' to see its files");
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            // Reading a named pipe or a device could block forever or never end.
            throw new IllegalArgumentException(display(file) + " is not a regular file (it is a pipe, socket or "
                    + "device), so the file tools do not open it");
        }
        return file;
    }

    /**
     * Checks, just before use, that a path resolved earlier still has no symbolic link in its existing part,
     * so that a link swapped in meanwhile is caught. Compares names, not real paths, so that a file system
     * that ignores case does not raise false alarms.
     *
     * @throws SecurityException when it changed
     */
    void recheck(Path resolved) throws IOException {
        Path current = root;
        for (Path name : root.relativize(resolved)) {
            if (name.toString().isEmpty()) {
                continue;
            }
            current = current.resolve(name);
            if (Files.isSymbolicLink(current)) {
                throw new SecurityException("'" + display(resolved) + "' changed while in use and now leads through "
                        + "the symbolic link '" + display(current) + "'; call the tool again");
            }
            if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
        }
    }

    /**
     * Creates the missing directories of a resolved path one by one, never following a symbolic link that
     * appears on the way, and checks the result is still inside.
     *
     * @throws SecurityException when a symbolic link turned up in the path meanwhile
     * @throws IOException when a directory cannot be created, e.g. because a file has the name
     */
    void createDirectories(Path resolved) throws IOException {
        Path existing = resolved;
        while (!Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        recheck(existing);
        for (Path name : existing.relativize(resolved)) {
            if (name.toString().isEmpty()) {
                continue;
            }
            existing = existing.resolve(name);
            try {
                Files.createDirectory(existing);
            } catch (FileAlreadyExistsException raced) {
                // Created by someone else meanwhile: fine if it is a real directory, checked below.
            }
            if (!Files.isDirectory(existing, LinkOption.NOFOLLOW_LINKS)) {
                throw new SecurityException("'" + display(existing) + "' is not a plain directory (it turned into a "
                        + "file or a symbolic link); choose another path");
            }
        }
        recheck(resolved);
    }

    /** Returns how the model names a path under the root: relative, {@code /}-separated, {@code .} for the root. */
    String display(Path path) {
        Path relative = path.startsWith(root) ? root.relativize(path) : path;
        String text = relative.toString().replace('\\', '/');
        return text.isEmpty() ? "." : text;
    }
}
