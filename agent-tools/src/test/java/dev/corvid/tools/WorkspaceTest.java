package dev.corvid.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A test of the coding tools in a fresh temporary workspace, with the tools called as an agent calls them. */
abstract class WorkspaceTest {

    @TempDir
    Path workspace;
    ToolCalls tools;

    @BeforeEach
    void openTools() {
        tools = new ToolCalls(CodingTools.in(workspace));
    }

    /** Writes a file of the workspace, creating its directories. */
    void write(String path, String text) throws IOException {
        Path file = workspace.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
