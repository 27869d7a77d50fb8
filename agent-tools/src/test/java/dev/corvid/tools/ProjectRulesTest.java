package dev.corvid.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectRulesTest {

    @TempDir
    Path root;

    @Test
    void filesFromTheGitRootDownToTheWorkspaceAreReadNearerLast() throws Exception {
        Files.createDirectory(root.resolve(".git"));
        Path workspace = Files.createDirectories(root.resolve("services/api"));
        Files.writeString(root.resolve("AGENTS.md"), "Use tabs.\n");
        Files.writeString(root.resolve("services/api/AGENTS.md"), "Run mvn -q test.\n");

        ProjectRules rules = ProjectRules.read(workspace);

        assertEquals(List.of("AGENTS.md", Path.of("services/api/AGENTS.md").toString()), rules.files());
        assertTrue(rules.text().indexOf("Use tabs.") < rules.text().indexOf("Run mvn -q test."), rules.text());
        assertTrue(rules.text().contains("## services/api/AGENTS.md"), rules.text());
        assertFalse(rules.cut());
    }

    @Test
    void outsideAGitRepositoryOnlyTheWorkspacesOwnFileIsRead() throws Exception {
        Path workspace = Files.createDirectories(root.resolve("project"));
        Files.writeString(root.resolve("AGENTS.md"), "Not mine.\n");
        Files.writeString(workspace.resolve("AGENTS.md"), "Mine.\n");

        ProjectRules rules = ProjectRules.read(workspace);

        assertEquals(List.of("AGENTS.md"), rules.files());
        assertTrue(rules.text().contains("Mine.") && !rules.text().contains("Not mine."), rules.text());
    }

    @Test
    void noFilesMeansNoRules() {
        assertTrue(ProjectRules.read(root).isEmpty());
        assertEquals("", ProjectRules.read(root).text());
    }

    @Test
    void rulesBeyondTheCapAreCutWithANoteKeepingTheNearerFile() throws Exception {
        Files.createDirectory(root.resolve(".git"));
        Path workspace = Files.createDirectories(root.resolve("sub"));
        Files.writeString(root.resolve("AGENTS.md"), "far ".repeat(10_000));
        Files.writeString(workspace.resolve("AGENTS.md"), "NEAR RULE\n" + "é".repeat(12_000));

        ProjectRules rules = ProjectRules.read(workspace);

        assertTrue(rules.cut());
        assertTrue(rules.text().contains("NEAR RULE"), "the nearer file is kept whole");
        assertTrue(rules.text().contains("were cut at 32 KiB"), rules.text().substring(rules.text().length() - 200));
        assertTrue(rules.text().getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                < ProjectRules.MAX_BYTES + 1000, "about the cap");
        assertFalse(rules.text().contains("\uFFFD"), "no character split");
    }
}
