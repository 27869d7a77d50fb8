package dev.corvid.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.agent.ToolApprover.Approval;
import dev.corvid.model.ToolCall;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TerminalApproverTest {

    private final ByteArrayOutputStream shown = new ByteArrayOutputStream();

    private TerminalApprover answering(String answers) {
        return new TerminalApprover(new BufferedReader(new StringReader(answers)),
                new PrintStream(shown, true, StandardCharsets.UTF_8), call -> java.util.Optional.empty());
    }

    private static final ToolCall EDIT = ToolCall.of("c", "edit_file",
            "{\"path\":\"a.txt\",\"old_text\":\"one\",\"new_text\":\"two\"}");
    private static final ToolCall SHELL = ToolCall.of("c", "run_shell", "{\"command\":\"mvn test\"}");

    @Test
    void readingToolsRunWithoutAsking() {
        assertTrue(answering("").review(ToolCall.of("c", "read_file", "{\"path\":\"a\"}")).allowed());
        assertEquals("", shown.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anEditShowsItsDiffAndYesAllowsIt() {
        assertTrue(answering("y\n").review(EDIT).allowed());
        String prompt = shown.toString(StandardCharsets.UTF_8);
        assertTrue(prompt.contains("edit a.txt\n- one\n+ two"), prompt);
    }

    @Test
    void aShellCommandIsShownAndNoRefusesIt() {
        Approval approval = answering("n\n").review(SHELL);
        assertFalse(approval.allowed());
        assertEquals("the user refused", approval.reason());
        assertTrue(shown.toString(StandardCharsets.UTF_8).contains("run: mvn test"));
    }

    @Test
    void aTypedReasonGoesBackToTheModel() {
        Approval approval = answering("use gradle, not maven\n").review(SHELL);
        assertFalse(approval.allowed());
        assertEquals("use gradle, not maven", approval.reason());
    }

    @Test
    void alwaysApprovesTheToolForTheRestOfTheSession() {
        TerminalApprover approver = answering("a\n");
        assertTrue(approver.review(SHELL).allowed());
        assertTrue(approver.review(SHELL).allowed(), "asked no second time");
        assertFalse(approver.review(EDIT).allowed(), "other tools still ask; no answer left means no");
    }

    @Test
    void theToolsOwnPreviewIsShownWhenItHasOne(@org.junit.jupiter.api.io.TempDir java.nio.file.Path workspace)
            throws Exception {
        java.nio.file.Files.writeString(workspace.resolve("a.txt"), "one\n");
        dev.corvid.tools.CodingTools tools = dev.corvid.tools.CodingTools.in(workspace);
        TerminalApprover approver = new TerminalApprover(new BufferedReader(new StringReader("y\n")),
                new PrintStream(shown, true, StandardCharsets.UTF_8), tools::preview);
        assertTrue(approver.review(EDIT).allowed());
        String prompt = shown.toString(StandardCharsets.UTF_8);
        assertTrue(prompt.contains("-one") && prompt.contains("+two"), prompt);
    }

    @Test
    void withoutATerminalChangesAreRefusedWithAHint() {
        Approval approval = new TerminalApprover(null, new PrintStream(shown), call -> java.util.Optional.empty())
                .review(EDIT);
        assertFalse(approval.allowed());
        assertTrue(approval.reason().contains("--yes"));
    }
}
