package dev.corvid.tools;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.agent.RunListener;
import dev.corvid.model.Cancellation;
import dev.corvid.tool.ToolContext;
import dev.corvid.tool.ToolResult;
import dev.corvid.tool.Toolbox;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Calls the coding tools the way an agent does: by name, with JSON arguments, getting what the model reads. */
final class ToolCalls {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Toolbox toolbox;

    ToolCalls(CodingTools tools) {
        this.toolbox = Toolbox.of(tools);
    }

    Toolbox toolbox() {
        return toolbox;
    }

    /** Calls a tool with alternating argument names and values. */
    ToolResult call(String tool, Object... namesAndValues) {
        return call(tool, new Cancellation(), namesAndValues);
    }

    ToolResult call(String tool, Cancellation cancellation, Object... namesAndValues) {
        Map<String, Object> arguments = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            arguments.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        ToolContext context = new ToolContext("run-1", "call-1", cancellation, RunListener.NONE);
        return toolbox.find(tool).orElseThrow().invoke(JSON.writeValueAsString(arguments), context);
    }

    /** Calls a tool that must succeed and returns what it said. */
    String ok(String tool, Object... namesAndValues) {
        ToolResult result = call(tool, namesAndValues);
        assertFalse(result.error(), () -> tool + " failed: " + result.content());
        return result.content();
    }

    /** Calls a tool that must fail and returns the error the model reads. */
    String error(String tool, Object... namesAndValues) {
        ToolResult result = call(tool, namesAndValues);
        assertTrue(result.error(), () -> tool + " should have failed but said: " + result.content());
        return result.content();
    }
}
