package dev.corvid.samples.cli;

import dev.corvid.model.AssistantMessage;
import dev.corvid.model.Message;
import dev.corvid.model.ToolCall;
import dev.corvid.model.ToolMessage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The scripted model of the offline demo: it plays a careful coding agent fixing a bug in a small project,
 * deciding each step from what the tools really returned, so the demo exercises the whole loop.
 */
final class DemoScript {

    static final String BUGGY_LINE = "        return a - b;";
    static final String FIXED_LINE = "        return a + b;";
    static final String SOURCE_PATH = "src/Calculator.java";

    /** The demo project's one source file: a calculator whose add() subtracts, and a check of it. */
    static final String SOURCE = String.join("\n",
            "public class Calculator {",
            "",
            "    static int add(int a, int b) {",
            BUGGY_LINE,
            "    }",
            "",
            "    static int multiply(int a, int b) {",
            "        return a * b;",
            "    }",
            "",
            "    /** Checks the calculator; exits with status 1 when a check fails. */",
            "    public static void main(String[] args) {",
            "        check(\"add(2, 3)\", add(2, 3), 5);",
            "        check(\"add(-1, 1)\", add(-1, 1), 0);",
            "        check(\"multiply(4, 5)\", multiply(4, 5), 20);",
            "        System.out.println(\"all checks passed\");",
            "    }",
            "",
            "    static void check(String what, int actual, int expected) {",
            "        if (actual != expected) {",
            "            System.out.println(\"FAILED: \" + what + \" = \" + actual + \", expected \" + expected);",
            "            System.exit(1);",
            "        }",
            "    }",
            "}",
            "");

    static final String README = "# Calculator\n\nRun the checks with `java src/Calculator.java`.\n";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String testCommand;

    /** @param java the java launcher the demo's check runs with, so no PATH setup is needed */
    DemoScript(Path java) {
        this.testCommand = "\"" + java + "\" " + SOURCE_PATH;
    }

    /** Returns the assistant's next message for a transcript, based on the last tool result. */
    AssistantMessage next(List<Message> transcript) {
        long toolResults = transcript.stream().filter(ToolMessage.class::isInstance).count();
        Message last = transcript.get(transcript.size() - 1);
        String lastResult = last instanceof ToolMessage tool ? tool.content() : "";
        if (toolResults == 0) {
            return calls("Let me look at the project first.", call(1, "list_files", Map.of()));
        }
        if (toolResults == 1) {
            return calls(null, call(2, "read_file", Map.of("path", SOURCE_PATH)));
        }
        if (toolResults == 2) {
            return calls(null, call(3, "run_shell", Map.of("command", testCommand, "timeout_seconds", 60)));
        }
        if (toolResults == 3) {
            return calls("The check fails: add() subtracts its arguments. Fixing it.",
                    call(4, "edit_file", Map.of("path", SOURCE_PATH, "old_text", BUGGY_LINE, "new_text", FIXED_LINE)));
        }
        if (toolResults == 4) {
            return calls(null, call(5, "run_shell", Map.of("command", testCommand, "timeout_seconds", 60)));
        }
        boolean passed = lastResult.contains("all checks passed");
        return AssistantMessage.of(passed
                ? "Fixed the bug in " + SOURCE_PATH + ": add() returned a - b instead of a + b. "
                        + "I changed it to a + b and ran `java " + SOURCE_PATH + "`: all checks pass now."
                : "I changed add() in " + SOURCE_PATH + " to return a + b, but the checks still fail:\n" + lastResult);
    }

    private static AssistantMessage calls(String text, ToolCall call) {
        return new AssistantMessage(text, null, null, List.of(call), Map.of());
    }

    private static ToolCall call(int number, String tool, Map<String, Object> arguments) {
        ObjectNode node = JSON.valueToTree(arguments);
        return ToolCall.of("call_demo_" + number, tool, node.toString());
    }
}
