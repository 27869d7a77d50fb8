package dev.corvid.tools;

import java.util.ArrayList;
import java.util.List;

/**
 * A line diff of two texts in the unified format people know from {@code git diff}, for approval prompts.
 * The common head and tail are skipped first, so a local edit of a large file costs little; a middle too
 * large to align line by line is shown as all its old lines removed and all its new lines added.
 */
final class UnifiedDiff {

    private static final int CONTEXT = 3;
    /** Cells of the alignment table above which the middle is not aligned; about 16 MB of ints. */
    private static final long MAX_TABLE_CELLS = 4_000_000;

    /** One line of the diff: {@code ' '} kept, {@code '-'} removed, {@code '+'} added, with its line numbers. */
    private record Line(char kind, String text, int oldNumber, int newNumber) {
    }

    private UnifiedDiff() {
    }

    /**
     * Returns the diff of two texts, or an empty string when they have the same lines.
     *
     * @param name the file's name, shown in the {@code ---} and {@code +++} header
     */
    static String of(String name, String oldText, String newText) {
        return diff("a/" + name, "b/" + name, oldText, newText);
    }

    /** Returns the diff that creates a file. */
    static String ofNewFile(String name, String text) {
        return diff("/dev/null", "b/" + name, "", text);
    }

    private static String diff(String oldName, String newName, String oldText, String newText) {
        List<String> before = TextFiles.lines(oldText);
        List<String> after = TextFiles.lines(newText);
        List<Line> lines = align(before, after);
        if (lines.stream().allMatch(line -> line.kind() == ' ')) {
            return "";
        }
        StringBuilder diff = new StringBuilder("--- ").append(oldName).append("\n+++ ").append(newName).append('\n');
        int index = 0;
        while (index < lines.size()) {
            int change = nextChange(lines, index);
            if (change < 0) {
                break;
            }
            int start = Math.max(index, change - CONTEXT);
            int end = hunkEnd(lines, change);
            appendHunk(diff, lines.subList(start, end));
            index = end;
        }
        return diff.toString();
    }

    private static int nextChange(List<Line> lines, int from) {
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).kind() != ' ') {
                return i;
            }
        }
        return -1;
    }

    /** Returns where the hunk that holds the change at {@code change} ends: after the context of its last change. */
    private static int hunkEnd(List<Line> lines, int change) {
        int lastChange = change;
        for (int i = change + 1; i < lines.size() && i <= lastChange + 2 * CONTEXT; i++) {
            if (lines.get(i).kind() != ' ') {
                lastChange = i;
            }
        }
        return Math.min(lines.size(), lastChange + CONTEXT + 1);
    }

    private static void appendHunk(StringBuilder diff, List<Line> hunk) {
        int oldStart = 0;
        int newStart = 0;
        int oldCount = 0;
        int newCount = 0;
        for (Line line : hunk) {
            if (line.kind() != '+') {
                oldStart = oldStart == 0 ? line.oldNumber() : oldStart;
                oldCount++;
            }
            if (line.kind() != '-') {
                newStart = newStart == 0 ? line.newNumber() : newStart;
                newCount++;
            }
        }
        // An empty side is numbered by the line before it, as diff does.
        if (oldCount == 0) {
            oldStart = hunk.get(0).oldNumber() - 1;
        }
        if (newCount == 0) {
            newStart = hunk.get(0).newNumber() - 1;
        }
        diff.append("@@ -").append(oldStart).append(',').append(oldCount).append(" +").append(newStart).append(',')
                .append(newCount).append(" @@\n");
        for (Line line : hunk) {
            diff.append(line.kind()).append(line.text()).append('\n');
        }
    }

    /** Aligns two lists of lines: kept lines in order, with the removed and added ones between them. */
    private static List<Line> align(List<String> before, List<String> after) {
        int head = 0;
        while (head < before.size() && head < after.size() && before.get(head).equals(after.get(head))) {
            head++;
        }
        int tail = 0;
        while (tail < before.size() - head && tail < after.size() - head
                && before.get(before.size() - 1 - tail).equals(after.get(after.size() - 1 - tail))) {
            tail++;
        }
        List<Line> lines = new ArrayList<>(before.size() + after.size());
        for (int i = 0; i < head; i++) {
            lines.add(new Line(' ', before.get(i), i + 1, i + 1));
        }
        alignMiddle(before.subList(head, before.size() - tail), after.subList(head, after.size() - tail), head, lines);
        for (int i = tail; i > 0; i--) {
            lines.add(new Line(' ', before.get(before.size() - i), before.size() - i + 1, after.size() - i + 1));
        }
        return lines;
    }

    /** Aligns the middle by longest common subsequence, or removes all and adds all when it is too large. */
    private static void alignMiddle(List<String> before, List<String> after, int offset, List<Line> lines) {
        int rows = before.size();
        int columns = after.size();
        if ((long) (rows + 1) * (columns + 1) > MAX_TABLE_CELLS) {
            for (int i = 0; i < rows; i++) {
                lines.add(new Line('-', before.get(i), offset + i + 1, offset + 1));
            }
            for (int j = 0; j < columns; j++) {
                lines.add(new Line('+', after.get(j), offset + rows + 1, offset + j + 1));
            }
            return;
        }
        // common[i][j]: length of the longest common subsequence of before[i..] and after[j..].
        int[][] common = new int[rows + 1][columns + 1];
        for (int i = rows - 1; i >= 0; i--) {
            for (int j = columns - 1; j >= 0; j--) {
                common[i][j] = before.get(i).equals(after.get(j)) ? common[i + 1][j + 1] + 1
                        : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        while (i < rows || j < columns) {
            if (i < rows && j < columns && before.get(i).equals(after.get(j))) {
                lines.add(new Line(' ', before.get(i), offset + i + 1, offset + j + 1));
                i++;
                j++;
            } else if (j < columns && (i == rows || common[i][j + 1] > common[i + 1][j])) {
                lines.add(new Line('+', after.get(j), offset + i + 1, offset + j + 1));
                j++;
            } else {
                lines.add(new Line('-', before.get(i), offset + i + 1, offset + j + 1));
                i++;
            }
        }
    }
}
