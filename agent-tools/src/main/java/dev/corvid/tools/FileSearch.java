package dev.corvid.tools;

import dev.corvid.tool.ToolContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What {@code list_files} and {@code search} do over a walk of the workspace: filter by glob, read text,
 * match, and cap the output with a note that says how to narrow it.
 */
final class FileSearch {

    /** Paths {@code list_files} returns at most. */
    static final int MAX_LISTED = 500;
    /** Matching lines {@code search} returns at most. */
    static final int MAX_MATCHES = 200;
    /** Characters either tool returns at most. */
    static final int MAX_CHARS = 40_000;
    /** Characters of a matching line shown; the rest is cut around the match. */
    static final int MAX_MATCH_LINE_CHARS = 300;
    /** Files larger than this are not searched. */
    static final long MAX_SEARCHED_BYTES = 10L * 1024 * 1024;

    private FileSearch() {
    }

    /** Lists files under a path the model gave, relative to the root; null or blank for the root. */
    static String list(Workspace workspace, String path, String glob, ToolContext context) throws IOException {
        Path start = resolveStart(workspace, path);
        GlobFilter filter = GlobFilter.of(glob, workspace.display(start));
        StringBuilder out = new StringBuilder();
        int[] found = {0, 0};
        WorkspaceWalker.Summary summary = new WorkspaceWalker(workspace, true, context).walk(start,
                (file, relative, attributes) -> {
                    if (!filter.matches(relative)) {
                        return true;
                    }
                    found[0]++;
                    if (found[1] < MAX_LISTED && out.length() + relative.length() + 1 <= MAX_CHARS) {
                        out.append(out.length() == 0 ? "" : "\n").append(relative);
                        found[1]++;
                    }
                    return true;
                });
        if (found[0] == 0) {
            return "No files found in " + where(workspace, start) + filter.describe() + ignoredNote(summary) + ".";
        }
        if (found[1] < found[0]) {
            out.append("\n\n[showing ").append(found[1]).append(" of ").append(TextFiles.count(found[0]))
                    .append(" files; narrow the listing with path (a subdirectory) or glob (e.g. '*.java')]");
        }
        if (summary.exhausted()) {
            out.append("\n[stopped after looking at ").append(TextFiles.count(WorkspaceWalker.MAX_VISITED))
                    .append(" entries; give a narrower path]");
        }
        return out.toString();
    }

    /** Searches the text files under a path the model gave (null or blank for the root), line by line. */
    static String search(Workspace workspace, String path, String regex, String glob, ToolContext context)
            throws IOException {
        Path start = resolveStart(workspace, path);
        Pattern pattern = compile(regex);
        GlobFilter filter = GlobFilter.of(glob, workspace.display(start));
        Matches matches = new Matches(pattern, context);
        WorkspaceWalker.Summary summary = new WorkspaceWalker(workspace, false, context).walk(start,
                (file, relative, attributes) -> {
                    if (filter.matches(relative)) {
                        matches.searchFile(file, relative, attributes.size());
                    }
                    return true;
                });
        if (matches.total == 0) {
            return "No matches for /" + regex + "/ in " + TextFiles.count(matches.filesSearched, "text file") + " in "
                    + where(workspace, start) + filter.describe() + ignoredNote(summary) + skippedNote(matches) + ".";
        }
        StringBuilder out = matches.out;
        if (matches.shown < matches.total) {
            out.append("\n\n[showing ").append(matches.shown).append(" of ").append(TextFiles.count(matches.total))
                    .append(" matches in ").append(TextFiles.count(matches.filesWithMatches, "file"))
                    .append("; narrow the search with path, glob or a more specific pattern]");
        }
        if (summary.exhausted()) {
            out.append("\n[stopped after looking at ").append(TextFiles.count(WorkspaceWalker.MAX_VISITED))
                    .append(" entries; give a narrower path]");
        }
        if (matches.skippedLarge > 0) {
            out.append("\n[skipped ").append(TextFiles.count(matches.skippedLarge, "file")).append(" over ")
                    .append(MAX_SEARCHED_BYTES / (1024 * 1024)).append(" MiB; search them with run_shell and grep]");
        }
        return out.toString();
    }

    /** Returns up to {@code max} files anywhere in the workspace with the given name, ignoring case. */
    static Set<String> sameName(Workspace workspace, String name, int max) throws IOException {
        Set<String> found = new LinkedHashSet<>();
        if (name.isEmpty()) {
            return found;
        }
        new WorkspaceWalker(workspace, false, null).walk(workspace.root(), (file, relative, attributes) -> {
            if (file.getFileName().toString().equalsIgnoreCase(name)) {
                found.add(relative);
            }
            return found.size() < max;
        });
        return found;
    }

    private static Path resolveStart(Workspace workspace, String path) throws IOException {
        return workspace.resolveExisting(path == null || path.isBlank() ? "." : path);
    }

    private static Pattern compile(String regex) {
        if (regex == null || regex.isEmpty()) {
            throw new IllegalArgumentException("pattern is empty; give a regular expression to search for");
        }
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("pattern /" + regex + "/ is not a valid Java regular expression: "
                    + e.getDescription() + (e.getIndex() >= 0 ? " near index " + e.getIndex() : "")
                    + ". Escape special characters such as ( ) [ ] { } . * + ? | \\ with a backslash to search "
                    + "for them literally, e.g. 'foo\\(' for 'foo('");
        }
    }

    private static String where(Workspace workspace, Path start) {
        return start.equals(workspace.root()) ? "the workspace" : workspace.display(start);
    }

    private static String ignoredNote(WorkspaceWalker.Summary summary) {
        int ignored = summary.ignored();
        return ignored == 0 ? "" : " (" + TextFiles.count(ignored, "path") + " ignored by .gitignore "
                + (ignored == 1 ? "was" : "were") + " skipped)";
    }

    private static String skippedNote(Matches matches) {
        String note = "";
        if (matches.skippedBinary > 0) {
            note += "; skipped " + TextFiles.count(matches.skippedBinary, "binary file");
        }
        if (matches.skippedLarge > 0) {
            note += "; skipped " + TextFiles.count(matches.skippedLarge, "file") + " over "
                    + MAX_SEARCHED_BYTES / (1024 * 1024) + " MiB, search them with run_shell and grep";
        }
        return note;
    }

    /** The matches found so far, and the text shown of them. */
    private static final class Matches {
        private final Matcher matcher;
        private final CancellableText line;
        private final StringBuilder out = new StringBuilder();
        private int total;
        private int shown;
        private int filesSearched;
        private int filesWithMatches;
        private int skippedLarge;
        private int skippedBinary;
        private boolean full;

        Matches(Pattern pattern, ToolContext context) {
            this.line = new CancellableText(context);
            this.matcher = pattern.matcher("");
        }

        void searchFile(Path file, String relative, long size) throws IOException {
            if (size > MAX_SEARCHED_BYTES) {
                skippedLarge++;
                return;
            }
            byte[] bytes;
            try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                bytes = in.readNBytes((int) MAX_SEARCHED_BYTES + 1);
            } catch (IOException unreadable) {
                return;
            }
            if (TextFiles.isBinary(bytes, bytes.length)) {
                skippedBinary++;
                return;
            }
            filesSearched++;
            String text = new String(bytes, StandardCharsets.UTF_8);
            int lineNumber = 0;
            boolean matched = false;
            for (int start = text.startsWith("\uFEFF") ? 1 : 0; start < text.length(); ) {
                int end = text.indexOf('\n', start);
                int next = end < 0 ? text.length() : end + 1;
                if (end < 0) {
                    end = text.length();
                }
                if (end > start && text.charAt(end - 1) == '\r') {
                    end--;
                }
                lineNumber++;
                line.set(text, start, end);
                matcher.reset(line);
                if (matcher.find()) {
                    matched = true;
                    total++;
                    show(relative, lineNumber, text.substring(start, end), matcher.start());
                }
                start = next;
            }
            if (matched) {
                filesWithMatches++;
            }
        }

        private void show(String relative, int lineNumber, String text, int matchStart) {
            if (full) {
                return;
            }
            String excerpt = text;
            if (text.length() > MAX_MATCH_LINE_CHARS) {
                int from = Math.max(0, Math.min(matchStart - MAX_MATCH_LINE_CHARS / 3,
                        text.length() - MAX_MATCH_LINE_CHARS));
                int to = from + MAX_MATCH_LINE_CHARS;
                excerpt = (from > 0 ? "..." : "") + text.substring(from, to) + (to < text.length() ? "..." : "");
            }
            String entry = relative + ":" + lineNumber + ": " + excerpt;
            if (shown >= MAX_MATCHES || out.length() + entry.length() + 1 > MAX_CHARS) {
                full = true;
                return;
            }
            out.append(out.length() == 0 ? "" : "\n").append(entry);
            shown++;
        }
    }

    /**
     * One line of a file as a {@link CharSequence} that stops a runaway regular expression when the call is
     * cancelled: the regex engine cannot be interrupted, but it reads every character through here.
     */
    private static final class CancellableText implements CharSequence {
        private final ToolContext context;
        private String text = "";
        private int start;
        private int end;
        private int reads;

        CancellableText(ToolContext context) {
            this.context = context;
        }

        void set(String text, int start, int end) {
            this.text = text;
            this.start = start;
            this.end = end;
        }

        @Override
        public int length() {
            return end - start;
        }

        @Override
        public char charAt(int index) {
            if ((++reads & 0xFFFFF) == 0 && (Thread.currentThread().isInterrupted()
                    || (context != null && context.isCancelled()))) {
                throw new CancellationException("search was cancelled");
            }
            return text.charAt(start + index);
        }

        @Override
        public CharSequence subSequence(int from, int to) {
            return text.substring(start + from, start + to);
        }

        @Override
        public String toString() {
            return text.substring(start, end);
        }
    }
}
