package dev.corvid.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class ListFilesTest extends WorkspaceTest {

    @Test
    void filesAreListedRecursivelyInPathOrder() throws IOException {
        write("README.md", "");
        write("src/main/App.java", "");
        write("src/main/util/Strings.java", "");
        write("build.gradle", "");
        write(".github/workflows/ci.yml", "");

        assertEquals(".github/workflows/ci.yml\nREADME.md\nbuild.gradle\nsrc/main/App.java\nsrc/main/util/Strings.java",
                tools.ok("list_files"));
    }

    @Test
    void aPathListsOnlyThatDirectory() throws IOException {
        write("src/App.java", "");
        write("test/AppTest.java", "");

        assertEquals("src/App.java", tools.ok("list_files", "path", "src"));
        assertEquals("src/App.java", tools.ok("list_files", "path", "src/App.java"));
    }

    @Test
    void aGlobWithoutSlashMatchesNamesAtAnyDepthAndBracesChoose() throws IOException {
        write("App.java", "");
        write("src/deep/Util.kt", "");
        write("src/deep/notes.txt", "");

        assertEquals("App.java\nsrc/deep/Util.kt", tools.ok("list_files", "glob", "*.{java,kt}"));
    }

    @Test
    void aGlobWithSlashMatchesPathsFromTheRootOrTheListedDirectory() throws IOException {
        write("src/a/One.java", "");
        write("src/b/c/Two.java", "");
        write("test/Three.java", "");

        assertEquals("src/a/One.java\nsrc/b/c/Two.java", tools.ok("list_files", "glob", "src/**/*.java"));
        assertEquals("src/b/c/Two.java", tools.ok("list_files", "path", "src", "glob", "b/**"));
    }

    @Test
    void theListIsCappedWithANoteOnHowToNarrowIt() throws IOException {
        for (int i = 0; i < 620; i++) {
            write(String.format("gen/file%04d.txt", i), "");
        }

        String listing = tools.ok("list_files");

        assertEquals(500, listing.lines().filter(line -> line.startsWith("gen/")).count());
        assertTrue(listing.endsWith("[showing 500 of 620 files; narrow the listing with path (a subdirectory) or "
                + "glob (e.g. '*.java')]"), listing);
    }

    @Test
    void nothingFoundSaysWhatWasIgnored() throws IOException {
        write(".gitignore", "*.log\n");
        write("logs/a.log", "");

        assertEquals("No files found in logs (1 path ignored by .gitignore was skipped).",
                tools.ok("list_files", "path", "logs"));
        assertEquals("No files found in the workspace matching glob '*.java' (1 path ignored by .gitignore was "
                + "skipped).", tools.ok("list_files", "glob", "*.java"));
    }

    @Test
    void aMissingDirectoryIsReported() {
        assertTrue(tools.error("list_files", "path", "nowhere").contains("nowhere does not exist; call list_files"));
    }

    @Test
    void linksToFilesInsideAreListedAndLinkedDirectoriesAreNotEntered() throws IOException {
        write("src/App.java", "");
        Files.createSymbolicLink(workspace.resolve("App-link.java"), workspace.resolve("src/App.java"));
        Files.createSymbolicLink(workspace.resolve("loop"), workspace);

        assertEquals("App-link.java\nsrc/App.java", tools.ok("list_files"));
    }

    @Test
    void anUnusableGlobIsExplained() {
        assertTrue(tools.error("list_files", "glob", "[z-a]").contains("glob '[z-a]' cannot be used"));
    }
}
