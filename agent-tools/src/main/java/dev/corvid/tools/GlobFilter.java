package dev.corvid.tools;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code glob} argument of {@code list_files} and {@code search}: a glob without a slash matches file
 * names at any depth; one with a slash matches the path from the workspace root or from the searched
 * directory. Immutable.
 */
final class GlobFilter {

    private static final GlobFilter ALL = new GlobFilter(null, null, false, "");

    private final String glob;
    private final Pattern pattern;
    private final boolean matchesName;
    private final String startPrefix;

    private GlobFilter(String glob, Pattern pattern, boolean matchesName, String startPrefix) {
        this.glob = glob;
        this.pattern = pattern;
        this.matchesName = matchesName;
        this.startPrefix = startPrefix;
    }

    /**
     * Returns the filter for a glob argument; null or blank matches everything.
     *
     * @param start the searched directory as the model names it
     * @throws IllegalArgumentException when the glob cannot be used, saying why
     */
    static GlobFilter of(String glob, String start) {
        if (glob == null || glob.isBlank()) {
            return ALL;
        }
        String trimmed = glob.strip();
        String withoutDotSlash = trimmed.startsWith("./") ? trimmed.substring(2) : trimmed;
        try {
            Pattern pattern = Glob.compile(withoutDotSlash, true);
            return new GlobFilter(glob, pattern, withoutDotSlash.indexOf('/') < 0,
                    start.equals(".") ? "" : start + "/");
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("glob '" + glob + "' cannot be used: " + e.getDescription()
                    + "; use *, **, ?, [abc] and {a,b}, e.g. '*.java' or 'src/**/*.{ts,tsx}'");
        }
    }

    /** Returns whether a file, named by its path from the workspace root, passes. */
    boolean matches(String relative) {
        if (pattern == null) {
            return true;
        }
        if (matchesName) {
            return pattern.matcher(relative.substring(relative.lastIndexOf('/') + 1)).matches();
        }
        if (pattern.matcher(relative).matches()) {
            return true;
        }
        return relative.startsWith(startPrefix) && pattern.matcher(relative.substring(startPrefix.length())).matches();
    }

    /** Returns words for messages: empty, or " matching glob '...'". */
    String describe() {
        return glob == null ? "" : " matching glob '" + glob + "'";
    }
}
