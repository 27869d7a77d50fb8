package dev.corvid.tools;

import java.util.Arrays;
import java.util.List;

/**
 * Finds the run of lines in a file that looks most like the text an edit expected, so that a failed edit
 * can show the model what is really there. Lines are compared by their shared character pairs, ignoring
 * surrounding whitespace, so an indentation slip still finds its place.
 */
final class NearestLines {

    /** Above this many line comparisons, only a sample of the expected lines is compared, to stay fast. */
    private static final long FULL_COMPARISON_BUDGET = 300_000;
    private static final int SAMPLED_LINES = 8;

    /**
     * A run of lines in the file.
     *
     * @param firstLine the 1-based number of the first line
     * @param lines the lines
     * @param similarity from 0 (nothing alike) to 1 (equal but for surrounding whitespace)
     */
    record Window(int firstLine, List<String> lines, double similarity) {
    }

    private NearestLines() {
    }

    /** Returns the most similar window of as many lines as expected, or null when the file or the text is empty. */
    static Window find(List<String> fileLines, List<String> expectedLines) {
        int expected = expectedLines.size();
        while (expected > 0 && expectedLines.get(expected - 1).isBlank()) {
            expected--;
        }
        if (expected == 0 || fileLines.isEmpty()) {
            return null;
        }
        int size = Math.min(expected, fileLines.size());
        int[][] fileProfiles = new int[fileLines.size()][];
        for (int i = 0; i < fileProfiles.length; i++) {
            fileProfiles[i] = profile(fileLines.get(i));
        }
        int[][] expectedProfiles = new int[size][];
        for (int j = 0; j < size; j++) {
            expectedProfiles[j] = profile(expectedLines.get(j));
        }
        int[] compared = comparedLines(size, (long) fileLines.size() * size);
        int bestStart = 0;
        double bestScore = -1;
        for (int start = 0; start + size <= fileLines.size(); start++) {
            double score = 0;
            for (int j : compared) {
                score += similarity(fileProfiles[start + j], expectedProfiles[j]);
            }
            score /= compared.length;
            if (score > bestScore) {
                bestScore = score;
                bestStart = start;
            }
        }
        return new Window(bestStart + 1, List.copyOf(fileLines.subList(bestStart, bestStart + size)), bestScore);
    }

    private static int[] comparedLines(int size, long comparisons) {
        if (comparisons <= FULL_COMPARISON_BUDGET || size <= SAMPLED_LINES) {
            int[] all = new int[size];
            Arrays.setAll(all, i -> i);
            return all;
        }
        int[] sample = new int[SAMPLED_LINES];
        for (int i = 0; i < SAMPLED_LINES; i++) {
            sample[i] = (int) ((long) i * (size - 1) / (SAMPLED_LINES - 1));
        }
        return sample;
    }

    /** Returns the sorted character pairs of a line without its surrounding whitespace; one char is its own pair. */
    private static int[] profile(String line) {
        String text = line.strip();
        if (text.length() < 2) {
            return text.isEmpty() ? new int[0] : new int[] {text.charAt(0)};
        }
        int[] pairs = new int[text.length() - 1];
        for (int i = 0; i < pairs.length; i++) {
            pairs[i] = (text.charAt(i) << 16) | text.charAt(i + 1);
        }
        Arrays.sort(pairs);
        return pairs;
    }

    /** Returns the Dice coefficient of two pair profiles; two empty lines are equal. */
    private static double similarity(int[] a, int[] b) {
        if (a.length == 0 || b.length == 0) {
            return a.length == b.length ? 1 : 0;
        }
        int shared = 0;
        int i = 0;
        int j = 0;
        while (i < a.length && j < b.length) {
            if (a[i] == b[j]) {
                shared++;
                i++;
                j++;
            } else if (a[i] < b[j]) {
                i++;
            } else {
                j++;
            }
        }
        return 2.0 * shared / (a.length + b.length);
    }
}
