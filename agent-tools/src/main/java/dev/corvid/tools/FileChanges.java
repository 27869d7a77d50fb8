package dev.corvid.tools;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What {@code write_file} and {@code edit_file} do: change files of the workspace so that what was there
 * survives (byte order mark, line endings, permissions) and concurrent changes of one file never interleave.
 * Thread-safe.
 */
final class FileChanges {

    /** How much of a file {@code write_file} looks at to learn its byte order mark and line endings. */
    private static final int STYLE_PROBE_BYTES = 64 * 1024;
    /** Files larger than this are not edited in memory. */
    private static final long MAX_EDITED_BYTES = 20L * 1024 * 1024;

    private final Workspace workspace;
    /** Striped by path: two calls on one file queue up, calls on different files rarely do. */
    private final ReentrantLock[] locks = new ReentrantLock[64];

    FileChanges(Workspace workspace) {
        this.workspace = workspace;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /** Creates or replaces a file; see {@link CodingTools#writeFile}. */
    String write(String path, String content) throws IOException {
        if (content == null) {
            throw new IllegalArgumentException("content is missing; give the complete content of the file");
        }
        Path target = workspace.resolve(path);
        String display = workspace.display(target);
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException(display + " is a directory; give the path of a file inside it");
        }
        ReentrantLock lock = lockFor(target);
        lock.lock();
        try {
            workspace.createDirectories(target.getParent());
            boolean existed = Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS);
            StringBuilder notes = new StringBuilder();
            String text = content;
            boolean bom = false;
            long previousSize = 0;
            if (existed) {
                previousSize = Files.size(target);
                byte[] head;
                try (InputStream in = Files.newInputStream(target, LinkOption.NOFOLLOW_LINKS)) {
                    head = in.readNBytes(STYLE_PROBE_BYTES);
                }
                boolean wasText = !TextFiles.isBinary(head, head.length);
                if (wasText && TextFiles.hasBom(head) && !content.startsWith("\uFEFF")) {
                    bom = true;
                    notes.append(", kept the UTF-8 byte order mark");
                }
                if (wasText && TextFiles.dominantLineEnding(new String(head, StandardCharsets.UTF_8)).equals("\r\n")
                        && content.contains("\n") && !content.contains("\r\n")) {
                    text = TextFiles.withLineEnding(content, "\r\n");
                    notes.append(", kept CRLF line endings");
                }
            }
            byte[] bytes = TextFiles.encode(text, bom);
            workspace.recheck(target.getParent());
            TextFiles.writeAtomically(target, bytes);
            String size = TextFiles.count(bytes.length, "byte") + ", "
                    + TextFiles.count(TextFiles.lineCount(text), "line") + notes;
            return existed ? "Overwrote " + display + " (was " + TextFiles.count(previousSize, "byte") + "; now "
                    + size + ")." : "Created " + display + " (" + size + ").";
        } finally {
            lock.unlock();
        }
    }

    /** Replaces exact text in a file; see {@link CodingTools#editFile}. */
    String edit(String path, String oldText, String newText, boolean replaceAll) throws IOException {
        Path file = workspace.resolveFile(path, "; to create a file, use write_file");
        ReentrantLock lock = lockFor(file);
        lock.lock();
        try {
            PlannedEdit planned = plan(file, oldText, newText, replaceAll);
            workspace.recheck(file);
            TextFiles.writeAtomically(file, TextFiles.encode(planned.edit().text(), planned.before().bom()));
            return planned.edit().report();
        } finally {
            lock.unlock();
        }
    }

    /** Returns the diff an edit would make, without making it. */
    String previewEdit(String path, String oldText, String newText, boolean replaceAll) throws IOException {
        Path file = workspace.resolveFile(path, "");
        PlannedEdit planned = plan(file, oldText, newText, replaceAll);
        return UnifiedDiff.of(workspace.display(file), planned.before().text(), planned.edit().text());
    }

    /** Returns the diff a write would make, without making it. */
    String previewWrite(String path, String content) throws IOException {
        Path target = workspace.resolve(path);
        String display = workspace.display(target);
        if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
            String diff = UnifiedDiff.ofNewFile(display, content);
            return diff.isEmpty() ? display + " would be created empty" : diff;
        }
        byte[] bytes = readBounded(target, display);
        if (TextFiles.isBinary(bytes, bytes.length)) {
            return "replaces the binary file " + display + " (" + TextFiles.count(bytes.length, "byte") + ")";
        }
        String before = new String(bytes, StandardCharsets.UTF_8);
        String diff = UnifiedDiff.of(display, before.startsWith("\uFEFF") ? before.substring(1) : before, content);
        return diff.isEmpty() ? display + " would keep the same lines" : diff;
    }

    /** An edit worked out but not written: the file as it was, and the edit. */
    private record PlannedEdit(TextFiles.Text before, TextEdit.Result edit) {
    }

    private PlannedEdit plan(Path file, String oldText, String newText, boolean replaceAll) throws IOException {
        if (oldText == null || newText == null) {
            throw new IllegalArgumentException("old_text and new_text are both required");
        }
        String display = workspace.display(file);
        TextFiles.Text before = TextFiles.decode(readBounded(file, display), display, "edit_file");
        return new PlannedEdit(before, TextEdit.apply(before.text(), oldText, newText, replaceAll, display));
    }

    private static byte[] readBounded(Path file, String display) throws IOException {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] bytes = in.readNBytes((int) MAX_EDITED_BYTES + 1);
            if (bytes.length > MAX_EDITED_BYTES) {
                throw new IllegalArgumentException(display + " is larger than " + MAX_EDITED_BYTES / (1024 * 1024)
                        + " MiB, too large for edit_file; change it with run_shell (e.g. sed)");
            }
            return bytes;
        }
    }

    private ReentrantLock lockFor(Path file) {
        return locks[Math.floorMod(file.hashCode(), locks.length)];
    }
}
