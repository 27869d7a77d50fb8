package dev.corvid.samples.cli;

import dev.corvid.model.ToolCall;
import dev.corvid.tools.CodingTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checkpoints of a workspace inside a git work tree: commit objects made through a temporary index
 * ({@code GIT_INDEX_FILE}), held by refs under {@code refs/corvid/undo/} so that git keeps them; the
 * user's branch, index and stash are never touched. Files git ignores are not covered.
 */
final class GitCheckpoint implements Checkpoint {

    private static final Map<String, String> IDENTITY = Map.of("GIT_AUTHOR_NAME", "corvid", "GIT_AUTHOR_EMAIL",
            "corvid@localhost", "GIT_COMMITTER_NAME", "corvid", "GIT_COMMITTER_EMAIL", "corvid@localhost");

    private final Git git;
    private final Path top;
    private final Path gitDir;
    /** The workspace relative to the top of the work tree, "." for the top itself. */
    private final String scope;
    private final String refs;
    private boolean taken;

    private GitCheckpoint(Git git, Path top, Path gitDir, String scope) {
        this.git = git;
        this.top = top;
        this.gitDir = gitDir;
        this.scope = scope;
        this.refs = "refs/corvid/undo/" + Checkpoint.key(scope);
    }

    /** Returns the checkpoints of a workspace in a git work tree, or null when it is not in one or git is missing. */
    static GitCheckpoint open(Path workspace) {
        try {
            Git here = new Git(workspace, IDENTITY);
            if (!here.succeeds("rev-parse", "--is-inside-work-tree")) {
                return null;
            }
            Path top = Path.of(here.text("rev-parse", "--show-toplevel"));
            Path gitDir = Path.of(here.text("rev-parse", "--absolute-git-dir"));
            String prefix = here.text("rev-parse", "--show-prefix");
            String scope = prefix.isEmpty() ? "." : prefix.replaceAll("/$", "");
            return new GitCheckpoint(new Git(top, IDENTITY), top, gitDir, scope);
        } catch (IOException noGit) {
            return null;
        }
    }

    @Override
    public synchronized String beforeChange(ToolCall call) throws IOException {
        if (taken || !CodingTools.MUTATING_TOOLS.contains(call.name())) {
            return null;
        }
        String commit = snapshot("corvid checkpoint before the run");
        git.bytes("update-ref", refs + "/before", commit);
        git.succeeds("update-ref", "-d", refs + "/after");
        taken = true;
        return "checkpoint " + commit.substring(0, 10) + " taken (git); corvid --undo puts the files back";
    }

    @Override
    public synchronized void finish() throws IOException {
        if (taken) {
            git.bytes("update-ref", refs + "/after", snapshot("corvid checkpoint after the run"));
        }
    }

    boolean hasCheckpoint() throws IOException {
        return git.succeeds("rev-parse", "--verify", "-q", refs + "/before");
    }

    /** Commits the work tree's state of the workspace, on top of HEAD, through a temporary index. */
    private String snapshot(String message) throws IOException {
        Path index = Files.createTempFile(gitDir, "corvid-index-", "");
        try {
            Git temporary = git.with("GIT_INDEX_FILE", index.toString());
            boolean hasHead = git.succeeds("rev-parse", "--verify", "-q", "HEAD");
            if (hasHead) {
                temporary.bytes("read-tree", "HEAD");
            } else {
                Files.delete(index);
            }
            temporary.bytes("add", "-A", "--", scope);
            String tree = temporary.text("write-tree");
            return hasHead ? git.text("commit-tree", tree, "-p", "HEAD", "-m", message)
                    : git.text("commit-tree", tree, "-m", message);
        } finally {
            Files.deleteIfExists(index);
        }
    }

    Undone undo() throws IOException {
        String before = git.text("rev-parse", refs + "/before");
        String after = git.succeeds("rev-parse", "--verify", "-q", refs + "/after")
                ? git.text("rev-parse", refs + "/after") : snapshot("corvid state at undo");
        List<String> restored = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        String changed = new String(git.bytes("diff-tree", "-r", "-z", "--no-renames", "--name-only", before, after,
                "--", scope), StandardCharsets.UTF_8);
        for (String path : changed.split("\0")) {
            if (path.isEmpty()) {
                continue;
            }
            Entry was = entry(before, path);
            Entry left = entry(after, path);
            Path file = top.resolve(path);
            String now = Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    ? git.text("hash-object", "--", path) : null;
            if (!java.util.Objects.equals(now, left == null ? null : left.blob())) {
                kept.add(path);
                continue;
            }
            if (was == null) {
                Files.deleteIfExists(file);
            } else {
                Files.createDirectories(file.getParent());
                Files.write(file, git.bytes("cat-file", "blob", was.blob()));
                executable(file, was.mode().equals("100755"));
            }
            restored.add(path);
        }
        git.bytes("update-ref", "-d", refs + "/before");
        git.succeeds("update-ref", "-d", refs + "/after");
        return new Undone(restored, kept, List.of());
    }

    private record Entry(String mode, String blob) {
    }

    private Entry entry(String commit, String path) throws IOException {
        String line = new String(git.bytes("ls-tree", "-z", commit, "--", path), StandardCharsets.UTF_8);
        if (line.isEmpty()) {
            return null;
        }
        String[] fields = line.substring(0, line.indexOf('\t')).split(" ");
        return fields[1].equals("blob") ? new Entry(fields[0], fields[2]) : null;
    }

    private static void executable(Path file, boolean executable) {
        try {
            Set<PosixFilePermission> permissions = EnumSet.copyOf(Files.getPosixFilePermissions(file));
            if (executable) {
                permissions.addAll(Set.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                        PosixFilePermission.OTHERS_EXECUTE));
            } else {
                permissions.removeAll(Set.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                        PosixFilePermission.OTHERS_EXECUTE));
            }
            Files.setPosixFilePermissions(file, permissions);
        } catch (IOException | UnsupportedOperationException e) {
            // the content is back; the executable bit is a nicety where the file system has none
        }
    }
}
