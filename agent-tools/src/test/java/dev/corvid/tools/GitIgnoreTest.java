package dev.corvid.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class GitIgnoreTest extends WorkspaceTest {

    private static boolean ignored(String rules, String path, boolean directory) {
        return GitIgnore.isIgnored(List.of(GitIgnore.parse("", rules.lines().toList())), path, directory);
    }

    @Test
    void listFilesHonoursTheRulesOfNestedIgnoreFiles() throws IOException {
        write(".gitignore", """
                # build output
                *.log
                !keep.log
                build/
                /only-at-root.txt
                docs/**/*.tmp
                ?.bak
                \\#hash.txt
                """);
        write("a.log", "");
        write("keep.log", "");
        write("build/out.class", "");
        write("src/build", "a file named build is not the build directory");
        write("only-at-root.txt", "");
        write("sub/only-at-root.txt", "");
        write("docs/x/y/z.tmp", "");
        write("docs/readme.md", "");
        write("x.bak", "");
        write("xy.bak", "");
        write("#hash.txt", "");
        write("sub/.gitignore", "secret.txt\n!important.log\n");
        write("sub/secret.txt", "");
        write("sub/important.log", "");
        write("sub/other.log", "");
        write("other/secret.txt", "");
        write(".git/config", "");
        write(".git/info/exclude", "excluded-locally.txt\n");
        write("excluded-locally.txt", "");

        String listing = new ToolCalls(CodingTools.in(workspace)).ok("list_files");

        assertEquals("""
                .gitignore
                docs/readme.md
                keep.log
                other/secret.txt
                src/build
                sub/.gitignore
                sub/important.log
                sub/only-at-root.txt
                xy.bak""", listing);
    }

    @Test
    void doubleStarsCrossDirectories() {
        assertTrue(ignored("**/cache", "a/b/cache", true));
        assertTrue(ignored("**/cache", "cache", false));
        assertTrue(ignored("a/**/b", "a/b", false));
        assertTrue(ignored("a/**/b", "a/x/y/b", false));
        assertFalse(ignored("a/**/b", "c/a/x/b", false));
        assertTrue(ignored("logs/**", "logs/x/y.txt", false));
    }

    @Test
    void singleStarsAndQuestionMarksStayWithinOneSegment() {
        assertTrue(ignored("src/*.java", "src/A.java", false));
        assertFalse(ignored("src/*.java", "src/x/A.java", false));
        assertTrue(ignored("file?.txt", "deep/file1.txt", false));
        assertFalse(ignored("file?.txt", "file12.txt", false));
    }

    @Test
    void characterClassesAndNegatedClassesWork() {
        assertTrue(ignored("*.[oa]", "lib.a", false));
        assertFalse(ignored("*.[oa]", "lib.c", false));
        assertTrue(ignored("[!a]*.txt", "b.txt", false));
        assertFalse(ignored("[!a]*.txt", "a.txt", false));
    }

    @Test
    void aTrailingSlashMatchesDirectoriesOnly() {
        assertTrue(ignored("out/", "out", true));
        assertFalse(ignored("out/", "out", false));
    }

    @Test
    void theLastMatchingRuleWins() {
        assertFalse(ignored("*.log\n!debug.log", "debug.log", false));
        assertTrue(ignored("!debug.log\n*.log", "debug.log", false));
    }

    @Test
    void rulesOfADeeperFileApplyOnlyBelowIt() {
        GitIgnore nested = GitIgnore.parse("sub", List.of("/anchored.txt", "name.txt"));

        assertEquals(GitIgnore.Verdict.IGNORED, nested.verdict("sub/anchored.txt", false));
        assertEquals(GitIgnore.Verdict.UNDECIDED, nested.verdict("sub/deeper/anchored.txt", false));
        assertEquals(GitIgnore.Verdict.IGNORED, nested.verdict("sub/deeper/name.txt", false));
        assertEquals(GitIgnore.Verdict.UNDECIDED, nested.verdict("other/name.txt", false));
    }
}
