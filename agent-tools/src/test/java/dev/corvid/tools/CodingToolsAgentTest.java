package dev.corvid.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.agent.Agent;
import dev.corvid.agent.RunResult;
import dev.corvid.agent.ToolApprover;
import dev.corvid.model.ToolMessage;
import dev.corvid.testing.ScriptedChatModel;
import dev.corvid.tool.ToolDefinition;
import dev.corvid.tool.Toolbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The tools as an agent uses them: through the loop, a scripted model, and the transcript. */
class CodingToolsAgentTest {

    @TempDir
    Path workspace;

    @Test
    void anAgentReadsEditsAndRunsInTheWorkspace() throws IOException {
        Files.writeString(workspace.resolve("greeting.txt"), "Hello, world\n");
        ScriptedChatModel model = ScriptedChatModel.builder()
                .callTool("read_file", "{\"path\": \"greeting.txt\"}")
                .callTool("edit_file", "{\"path\": \"greeting.txt\", \"old_text\": \"world\", \"new_text\": \"crows\"}")
                .callTool("run_shell", "{\"command\": \"cat greeting.txt && wc -l < greeting.txt\"}")
                .answer("The greeting now says hello to crows.")
                .build();
        Agent agent = Agent.builder().model(model).tools(CodingTools.in(workspace)).build();

        RunResult<String> result = agent.run("Greet the crows instead of the world.");

        assertEquals("The greeting now says hello to crows.", result.output());
        assertEquals("Hello, crows\n", Files.readString(workspace.resolve("greeting.txt")));
        List<ToolMessage> toolMessages = result.transcript().stream()
                .filter(ToolMessage.class::isInstance).map(ToolMessage.class::cast).toList();
        assertEquals(List.of("read_file", "edit_file", "run_shell"),
                toolMessages.stream().map(ToolMessage::toolName).toList());
        assertFalse(toolMessages.stream().anyMatch(ToolMessage::error));
        assertEquals("     1\tHello, world", toolMessages.get(0).content());
        assertEquals("Edited greeting.txt: replaced 1 occurrence.\n     1\tHello, crows",
                toolMessages.get(1).content());
        String shell = toolMessages.get(2).content();
        assertTrue(shell.startsWith("Exit code: 0\nWorking directory: " + workspace.toRealPath()), shell);
        assertTrue(shell.endsWith("Output:\nHello, crows\n1\n"), shell);
    }

    @Test
    void anEscapeGoesBackToTheModelAsAnErrorItCanActOn() {
        ScriptedChatModel model = ScriptedChatModel.builder()
                .callTool("read_file", "{\"path\": \"../../etc/passwd\"}")
                .answer("I may only read inside the workspace.")
                .build();
        Agent agent = Agent.builder().model(model).tools(CodingTools.in(workspace)).build();

        RunResult<String> result = agent.run("Show me /etc/passwd");

        ToolMessage refusal = (ToolMessage) result.transcript().stream()
                .filter(ToolMessage.class::isInstance).findFirst().orElseThrow();
        assertTrue(refusal.error());
        assertEquals("Error: read_file failed with SecurityException: '../../etc/passwd' climbs above the workspace "
                + "root with '..'; paths are relative to the workspace root and must stay inside it",
                refusal.content());
        assertTrue(result.isAnswered());
    }

    @Test
    void anApprovalPolicyCanStopTheMutatingTools() throws IOException {
        Files.writeString(workspace.resolve("keep.txt"), "original\n");
        ScriptedChatModel model = ScriptedChatModel.builder()
                .callTool("write_file", "{\"path\": \"keep.txt\", \"content\": \"changed\"}")
                .callTool("read_file", "{\"path\": \"keep.txt\"}")
                .answer("Left it alone.")
                .build();
        ToolApprover readOnly = call -> CodingTools.MUTATING_TOOLS.contains(call.name())
                ? ToolApprover.Approval.deny("this session is read-only") : ToolApprover.Approval.allow();
        Agent agent = Agent.builder().model(model).tools(CodingTools.in(workspace)).approver(readOnly).build();

        RunResult<String> result = agent.run("Change keep.txt");

        assertEquals("original\n", Files.readString(workspace.resolve("keep.txt")));
        List<ToolMessage> toolMessages = result.transcript().stream()
                .filter(ToolMessage.class::isInstance).map(ToolMessage.class::cast).toList();
        assertTrue(toolMessages.get(0).content().contains("this session is read-only"));
        assertEquals("     1\toriginal", toolMessages.get(1).content());
    }

    @Test
    void theModelSeesSixToolsWithExactlyTheseParameters() {
        Toolbox toolbox = Toolbox.of(CodingTools.in(workspace));

        Map<String, String> parameters = new TreeMap<>();
        Map<String, Set<String>> required = new TreeMap<>();
        for (ToolDefinition definition : toolbox.definitions()) {
            JsonNode schema = definition.parameters();
            parameters.put(definition.name(), String.join(",", schema.path("properties").propertyNames()));
            Set<String> names = new HashSet<>();
            schema.path("required").forEach(name -> names.add(name.asString()));
            required.put(definition.name(), names);
            assertFalse(definition.description().isBlank(), definition.name());
        }

        assertEquals(Map.of(
                "read_file", "path,offset,limit",
                "write_file", "path,content",
                "edit_file", "path,old_text,new_text,replace_all",
                "list_files", "path,glob",
                "search", "pattern,path,glob",
                "run_shell", "command,timeout_seconds"), parameters);
        assertEquals(Map.of(
                "read_file", Set.of("path"),
                "write_file", Set.of("path", "content"),
                "edit_file", Set.of("path", "old_text", "new_text"),
                "list_files", Set.of(),
                "search", Set.of("pattern"),
                "run_shell", Set.of("command")), required);
        Set<String> all = new HashSet<>(CodingTools.MUTATING_TOOLS);
        all.addAll(CodingTools.READ_ONLY_TOOLS);
        assertEquals(toolbox.names(), all);
        assertEquals(Set.of("write_file", "edit_file", "run_shell"),
                CodingTools.MUTATING_TOOLS.stream().collect(Collectors.toSet()));
    }
}
