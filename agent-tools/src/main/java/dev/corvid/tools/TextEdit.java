package dev.corvid.tools;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An exact-text replacement in the content of a file, refusing ambiguity: what {@code edit_file} does
 * between reading and writing. Line breaks are the one thing matched loosely, so that text the model sends
 * with LF matches a CRLF file; the replacement then takes the line ending of the text it replaces.
 */
final class TextEdit {

    private static final int SNIPPET_CONTEXT = 3;
    private static final int MAX_SNIPPETS = 3;
    private static final int MAX_SNIPPET_LINES = 40;
    private static final int MAX_LISTED_MATCHES = 20;
    private static final int MAX_NEAREST_LINES = 30;
    private static final double NOTHING_ALIKE = 0.3;
    private static final Pattern NUMBERED_LINE = Pattern.compile("^\\s*\\d+(\\t| \\| ).*");

    /**
     * A successful edit.
     *
     * @param text the new content
     * @param report what changed, with numbered lines around it, for the model
     */
    record Result(String text, String report) {
    }

    private TextEdit() {
    }

    /**
     * Replaces {@code oldText} with {@code newText} in {@code content}.
     *
     * @param display the file's path as the model names it, for messages
     * @throws IllegalArgumentException when old_text is empty, matches nowhere, or matches several places
     *     without {@code replaceAll}; the message says what to do next
     */
    static Result apply(String content, String oldText, String newText, boolean replaceAll, String display) {
        if (oldText.isEmpty()) {
            throw new IllegalArgumentException("old_text is empty; give the exact text to replace, with enough "
                    + "surrounding lines to be unique (to create or replace a whole file, use write_file)");
        }
        String oldLf = oldText.replace("\r\n", "\n");
        String newLf = newText.replace("\r\n", "\n");
        if (oldLf.equals(newLf)) {
            throw new IllegalArgumentException("old_text and new_text are the same, so nothing would change; "
                    + "put the changed text in new_text");
        }
        List<int[]> matches = new ArrayList<>();
        Matcher matcher = lineBreakTolerant(oldLf).matcher(content);
        while (matcher.find()) {
            matches.add(new int[] {matcher.start(), matcher.end()});
        }
        LineIndex lines = new LineIndex(content);
        if (matches.isEmpty()) {
            throw notFound(content, lines, oldLf, newLf, display);
        }
        if (matches.size() > 1 && !replaceAll) {
            throw new IllegalArgumentException("old_text matches " + matches.size() + " places in " + display
                    + ", at lines " + lineList(matches, lines) + ". Include more surrounding lines in old_text so that "
                    + "it matches exactly one place, or set replace_all to true to replace all " + matches.size());
        }
        String fileEnding = TextFiles.dominantLineEnding(content);
        StringBuilder result = new StringBuilder(content.length() + newText.length() * matches.size());
        List<int[]> replaced = new ArrayList<>(matches.size());
        int copied = 0;
        for (int[] match : matches) {
            result.append(content, copied, match[0]);
            String replacement = TextFiles.withLineEnding(newLf, endingOf(content, match, fileEnding));
            replaced.add(new int[] {result.length(), result.length() + replacement.length()});
            result.append(replacement);
            copied = match[1];
        }
        result.append(content, copied, content.length());
        String text = result.toString();
        return new Result(text, report(text, replaced, display));
    }

    /** Returns a pattern that matches the text literally, except that each line break may be LF or CRLF. */
    private static Pattern lineBreakTolerant(String lfText) {
        String[] parts = lfText.split("\n", -1);
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                regex.append("\\r?\\n");
            }
            if (!parts[i].isEmpty()) {
                regex.append(Pattern.quote(parts[i]));
            }
        }
        return Pattern.compile(regex.toString());
    }

    /** Returns the line ending of the replaced text, or the file's own when the replaced text has no line break. */
    private static String endingOf(String content, int[] match, String fileEnding) {
        int lineFeed = content.indexOf('\n', match[0]);
        if (lineFeed < 0 || lineFeed >= match[1]) {
            return fileEnding;
        }
        return lineFeed > 0 && content.charAt(lineFeed - 1) == '\r' ? "\r\n" : "\n";
    }

    private static String lineList(List<int[]> matches, LineIndex lines) {
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < matches.size() && i < MAX_LISTED_MATCHES; i++) {
            list.append(i == 0 ? "" : ", ").append(lines.lineOf(matches.get(i)[0]));
        }
        if (matches.size() > MAX_LISTED_MATCHES) {
            list.append(" and ").append(matches.size() - MAX_LISTED_MATCHES).append(" more");
        }
        return list.toString();
    }

    private static IllegalArgumentException notFound(String content, LineIndex lines, String oldLf, String newLf,
                                                     String display) {
        if (!newLf.isBlank()) {
            Matcher already = lineBreakTolerant(newLf).matcher(content);
            if (already.find()) {
                return new IllegalArgumentException("old_text was not found in " + display + ", but new_text is "
                        + "already there (line " + lines.lineOf(already.start()) + "): the edit seems to be made "
                        + "already. Read the file with read_file to check before editing it again");
            }
        }
        StringBuilder message = new StringBuilder("old_text was not found in ").append(display)
                .append(". Read the file again with read_file and copy old_text exactly, including whitespace and "
                        + "indentation.");
        List<String> expected = TextFiles.lines(oldLf);
        boolean numbered = !expected.isEmpty()
                && expected.stream().allMatch(line -> line.isEmpty() || NUMBERED_LINE.matcher(line).matches());
        if (numbered) {
            message.append(" old_text seems to include the line numbers read_file shows; leave them out.");
        } else if (collapseWhitespace(content).contains(collapseWhitespace(oldLf))) {
            message.append(" The text is there, but its whitespace (spaces, tabs, indentation or line breaks) "
                    + "differs.");
        }
        NearestLines.Window nearest = NearestLines.find(TextFiles.lines(content), expected);
        if (nearest == null || nearest.similarity() < NOTHING_ALIKE) {
            message.append(" No lines in the file resemble old_text; check that this is the right file.");
        } else {
            List<String> shown = nearest.lines().subList(0, Math.min(nearest.lines().size(), MAX_NEAREST_LINES));
            int last = nearest.firstLine() + nearest.lines().size() - 1;
            message.append("\nThe most similar lines in the file are ").append(nearest.firstLine()).append('-')
                    .append(last).append(":\n").append(TextFiles.numbered(shown, nearest.firstLine()));
            if (shown.size() < nearest.lines().size()) {
                message.append("\n   ...");
            }
        }
        return new IllegalArgumentException(message.toString());
    }

    private static String collapseWhitespace(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }

    private static String report(String text, List<int[]> replaced, String display) {
        LineIndex lines = new LineIndex(text);
        List<String> allLines = TextFiles.lines(text);
        StringBuilder report = new StringBuilder("Edited ").append(display).append(": replaced ")
                .append(replaced.size() == 1 ? "1 occurrence" : replaced.size() + " occurrences");
        if (replaced.size() > 1) {
            report.append(", now at lines ").append(lineList(replaced, lines));
        }
        report.append('.');
        if (allLines.isEmpty()) {
            return report.append(" The file is now empty.").toString();
        }
        int shownUpTo = 0;
        for (int i = 0; i < replaced.size() && i < MAX_SNIPPETS; i++) {
            int[] range = replaced.get(i);
            int first = lines.lineOf(range[0]);
            int last = Math.max(first, lines.lineOf(Math.max(range[0], range[1] - 1)));
            int from = Math.max(Math.max(1, first - SNIPPET_CONTEXT), shownUpTo + 1);
            int to = Math.min(allLines.size(), last + SNIPPET_CONTEXT);
            if (from > to) {
                continue;
            }
            report.append('\n');
            if (shownUpTo > 0) {
                report.append("   ...\n");
            }
            if (to - from + 1 > MAX_SNIPPET_LINES) {
                int headEnd = from + MAX_SNIPPET_LINES - SNIPPET_CONTEXT - 1;
                report.append(TextFiles.numbered(allLines.subList(from - 1, headEnd), from))
                        .append("\n   ... (").append(to - headEnd).append(" more lines; read the file to see them)");
            } else {
                report.append(TextFiles.numbered(allLines.subList(from - 1, to), from));
            }
            shownUpTo = to;
        }
        if (replaced.size() > MAX_SNIPPETS) {
            report.append("\n   ... (").append(replaced.size() - MAX_SNIPPETS).append(" more edits not shown)");
        }
        return report.toString();
    }

    /** Maps character offsets to 1-based line numbers. */
    private static final class LineIndex {
        private final int[] lineStarts;

        LineIndex(String text) {
            int[] starts = new int[16];
            int count = 1;
            for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
                if (count == starts.length) {
                    starts = Arrays.copyOf(starts, count * 2);
                }
                starts[count++] = i + 1;
            }
            this.lineStarts = Arrays.copyOf(starts, count);
        }

        int lineOf(int offset) {
            int found = Arrays.binarySearch(lineStarts, offset);
            return found >= 0 ? found + 1 : -found - 1;
        }
    }
}
