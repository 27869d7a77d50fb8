package dev.corvid.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class SearchTest extends WorkspaceTest {

    @Test
    void matchingLinesComeAsPathLineText() throws IOException {
        write("src/Agent.java", "package x;\n\npublic final class Agent {\n}\n");
        write("src/Run.java", "class Run {\n    Agent agent;\n}\n");

        assertEquals("src/Agent.java:3: public final class Agent {\nsrc/Run.java:2:     Agent agent;",
                tools.ok("search", "pattern", "Agent\\b"));
    }

    @Test
    void anInvalidRegularExpressionIsExplained() {
        String error = tools.error("search", "pattern", "foo(");

        assertTrue(error.contains("pattern /foo(/ is not a valid Java regular expression: Unclosed group"), error);
        assertTrue(error.contains("with a backslash"), error);
    }

    @Test
    void binaryAndIgnoredFilesAreSkipped() throws IOException {
        write(".gitignore", "generated/\n");
        write("generated/Out.java", "needle\n");
        Files.write(workspace.resolve("blob.bin"), new byte[] {'n', 'e', 'e', 'd', 'l', 'e', 0, 1});
        write("src/Keep.java", "// needle\n");

        assertEquals("src/Keep.java:1: // needle", tools.ok("search", "pattern", "needle"));
    }

    @Test
    void pathAndGlobNarrowTheSearch() throws IOException {
        write("src/A.java", "needle\n");
        write("src/B.kt", "needle\n");
        write("docs/C.java", "needle\n");

        assertEquals("src/A.java:1: needle", tools.ok("search", "pattern", "needle", "path", "src", "glob", "*.java"));
        assertEquals("docs/C.java:1: needle", tools.ok("search", "pattern", "needle", "path", "docs/C.java"));
    }

    @Test
    void manyMatchesAreCappedWithTheTotalAndHowToNarrow() throws IOException {
        write("many.txt", "hit\n".repeat(350));

        String result = tools.ok("search", "pattern", "hit");

        assertEquals(200, result.lines().filter(line -> line.startsWith("many.txt:")).count());
        assertTrue(result.endsWith("[showing 200 of 350 matches in 1 file; narrow the search with path, glob or a "
                + "more specific pattern]"), result);
    }

    @Test
    void aLongMatchingLineIsCutAroundTheMatch() throws IOException {
        write("min.js", "a".repeat(5000) + "needle" + "b".repeat(5000) + "\n");

        String result = tools.ok("search", "pattern", "needle");

        assertTrue(result.startsWith("min.js:1: ...aaa"), result);
        assertTrue(result.contains("needle"));
        assertTrue(result.endsWith("bbb..."));
        assertTrue(result.length() < 400, "length " + result.length());
    }

    @Test
    void noMatchesSayHowManyFilesWereSearched() throws IOException {
        write("a.txt", "alpha\n");
        write("b.txt", "beta\n");

        Files.write(workspace.resolve("c.bin"), new byte[] {'g', 0});

        assertEquals("No matches for /gamma/ in 2 text files in the workspace; skipped 1 binary file.",
                tools.ok("search", "pattern", "gamma"));
    }

    @Test
    void crlfLinesAndTheByteOrderMarkDoNotLeakIntoResults() throws IOException {
        write("win.txt", "\uFEFFfirst\r\nsecond line\r\n");

        assertEquals("win.txt:1: first\nwin.txt:2: second line", tools.ok("search", "pattern", "^\\w+"));
    }

    @Test
    void caseCanBeIgnoredWithAnInlineFlag() throws IOException {
        write("a.txt", "Hello\n");

        assertEquals("a.txt:1: Hello", tools.ok("search", "pattern", "(?i)hello"));
    }
}
