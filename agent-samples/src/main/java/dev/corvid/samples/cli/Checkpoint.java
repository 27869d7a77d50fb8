package dev.corvid.samples.cli;

import dev.corvid.model.ToolCall;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * What the last run changed in a workspace, kept so that {@code corvid --undo} can put the files back.
 * In a git repository a commit object of the workspace made through a temporary index before the first
 * change (the user's branch, index and stash untouched); elsewhere copies of the files about to change,
 * under {@code $CORVID_HOME}. Undo restores only files that still look as the run left them, so work the
 * user did since stays.
 */
sealed interface Checkpoint permits GitCheckpoint, CopyCheckpoint {

    /**
     * Records what a call that was approved is about to change; the first such call of a run takes the
     * checkpoint.
     *
     * @return a line for the user when the checkpoint was taken just now, else null
     * @throws IOException when the checkpoint cannot be taken
     */
    String beforeChange(ToolCall call) throws IOException;

    /** Records how the run left the files, so that undo can tell the user's later changes apart. */
    void finish() throws IOException;

    /** What an undo did. */
    record Undone(List<String> restored, List<String> kept, List<String> notes) {
        /** Returns a few lines saying what was undone, for the user (and, in a session, the model). */
        String describe() {
            StringBuilder text = new StringBuilder();
            if (restored.isEmpty()) {
                text.append("no files needed restoring");
            } else {
                text.append("restored ").append(restored.size()).append(restored.size() == 1 ? " file: " : " files: ")
                        .append(String.join(", ", restored));
            }
            if (!kept.isEmpty()) {
                text.append("\nleft as they are, because they changed after the run: ").append(String.join(", ", kept));
            }
            notes.forEach(note -> text.append('\n').append(note));
            return text.toString();
        }
    }

    /**
     * Returns the checkpoint keeper for a workspace: git when it is in a work tree and git runs, else copies.
     *
     * @param environment the process's environment, for {@code CORVID_HOME}
     */
    static Checkpoint of(Path workspace, Map<String, String> environment) {
        GitCheckpoint git = GitCheckpoint.open(workspace);
        return git != null ? git : new CopyCheckpoint(workspace, home(environment));
    }

    /**
     * Undoes the last run in a workspace.
     *
     * @return what was undone, or null when there is nothing to undo
     * @throws IOException when the files cannot be restored
     */
    static Undone undo(Path workspace, Map<String, String> environment) throws IOException {
        GitCheckpoint git = GitCheckpoint.open(workspace);
        if (git != null && git.hasCheckpoint()) {
            return git.undo();
        }
        CopyCheckpoint copies = new CopyCheckpoint(workspace, home(environment));
        return copies.hasCheckpoint() ? copies.undo() : null;
    }

    /** Returns corvid's own directory: {@code $CORVID_HOME}, by default {@code ~/.corvid}. */
    static Path home(Map<String, String> environment) {
        String home = environment.get("CORVID_HOME");
        return home == null || home.isBlank() ? Path.of(System.getProperty("user.home"), ".corvid") : Path.of(home);
    }

    /** Returns a file-name-safe key for a text, such as a workspace path. */
    static String key(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
