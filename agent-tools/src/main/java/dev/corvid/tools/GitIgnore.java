package dev.corvid.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The rules of one {@code .gitignore} file, a subset of git's: comments, blank lines, {@code *}, {@code **},
 * {@code ?}, {@code [...]}, {@code !} negation, a trailing {@code /} for directories only, and anchoring to
 * the file's directory by a leading or inner {@code /}. Immutable.
 */
final class GitIgnore {

    /** What the rules say about a path. */
    enum Verdict { IGNORED, INCLUDED, UNDECIDED }

    private record Rule(Pattern pattern, boolean negated, boolean directoryOnly, boolean matchesName) {
    }

    private final String base;
    private final List<Rule> rules;

    private GitIgnore(String base, List<Rule> rules) {
        this.base = base;
        this.rules = List.copyOf(rules);
    }

    /**
     * Parses the lines of an ignore file.
     *
     * @param base the directory holding the file, relative to the workspace root with {@code /} separators;
     *     empty for the root
     */
    static GitIgnore parse(String base, List<String> lines) {
        List<Rule> rules = new ArrayList<>();
        for (String line : lines) {
            Rule rule = parseLine(line);
            if (rule != null) {
                rules.add(rule);
            }
        }
        return new GitIgnore(base, rules);
    }

    private static Rule parseLine(String line) {
        String pattern = stripTrailingSpaces(line);
        if (pattern.isEmpty() || pattern.startsWith("#")) {
            return null;
        }
        boolean negated = false;
        if (pattern.startsWith("!")) {
            negated = true;
            pattern = pattern.substring(1);
        } else if (pattern.startsWith("\\!") || pattern.startsWith("\\#")) {
            pattern = pattern.substring(1);
        }
        boolean directoryOnly = pattern.endsWith("/");
        while (pattern.endsWith("/")) {
            pattern = pattern.substring(0, pattern.length() - 1);
        }
        if (pattern.isEmpty()) {
            return null;
        }
        // Without a slash a pattern names an entry at any depth; with one it is a path from the file's directory.
        boolean matchesName = pattern.indexOf('/') < 0;
        if (pattern.startsWith("/")) {
            pattern = pattern.substring(1);
        }
        try {
            return new Rule(Glob.compile(pattern, false), negated, directoryOnly, matchesName);
        } catch (PatternSyntaxException malformed) {
            // git skips patterns it cannot use; so do we.
            return null;
        }
    }

    private static String stripTrailingSpaces(String line) {
        int end = line.length();
        while (end > 0 && isTrailingSpace(line.charAt(end - 1))) {
            if (end >= 2 && line.charAt(end - 2) == '\\') {
                // "\ " keeps an escaped trailing space; drop only the backslash.
                return line.substring(0, end - 2) + line.charAt(end - 1);
            }
            end--;
        }
        return line.substring(0, end);
    }

    private static boolean isTrailingSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r';
    }

    /** Returns whether this file has no rules. */
    boolean isEmpty() {
        return rules.isEmpty();
    }

    /**
     * Returns what the last matching rule says about an entry.
     *
     * @param path the entry's path relative to the workspace root, {@code /}-separated
     * @param directory whether the entry is a directory
     */
    Verdict verdict(String path, boolean directory) {
        String relative;
        if (base.isEmpty()) {
            relative = path;
        } else if (path.startsWith(base + "/")) {
            relative = path.substring(base.length() + 1);
        } else {
            return Verdict.UNDECIDED;
        }
        String name = relative.substring(relative.lastIndexOf('/') + 1);
        for (int i = rules.size() - 1; i >= 0; i--) {
            Rule rule = rules.get(i);
            if (rule.directoryOnly() && !directory) {
                continue;
            }
            if (rule.pattern().matcher(rule.matchesName() ? name : relative).matches()) {
                return rule.negated() ? Verdict.INCLUDED : Verdict.IGNORED;
            }
        }
        return Verdict.UNDECIDED;
    }

    /**
     * Returns whether an entry is ignored by a stack of ignore files, outermost first: the deepest file with a
     * matching rule decides.
     */
    static boolean isIgnored(List<GitIgnore> stack, String path, boolean directory) {
        for (int i = stack.size() - 1; i >= 0; i--) {
            Verdict verdict = stack.get(i).verdict(path, directory);
            if (verdict != Verdict.UNDECIDED) {
                return verdict == Verdict.IGNORED;
            }
        }
        return false;
    }
}
