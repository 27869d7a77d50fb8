package dev.corvid.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.model.Cancellation;
import dev.corvid.agent.RunListener;
import dev.corvid.tool.ToolContext;
import dev.corvid.tool.ToolResult;
import dev.corvid.tool.Toolbox;
import org.junit.jupiter.api.Test;

class PlanToolTest {

    private final Toolbox toolbox = Toolbox.of(new PlanTool());

    private ToolResult call(String arguments) {
        return toolbox.find("update_plan").orElseThrow().invoke(arguments,
                new ToolContext("run", "call", new Cancellation(), RunListener.NONE));
    }

    @Test
    void thePlanIsRenderedWithAMarkPerStatus() {
        ToolResult result = call("{\"steps\": [{\"step\": \"read the failing test\", \"status\": \"done\"},"
                + "{\"step\": \"fix the bug\", \"status\": \"in_progress\"},"
                + "{\"step\": \"run  the tests\", \"status\": \"pending\"}]}");
        assertEquals("[x] read the failing test\n[>] fix the bug\n[ ] run the tests", result.content());
    }

    @Test
    void anUnknownStatusIsReportedBackToTheModel() {
        ToolResult result = call("{\"steps\": [{\"step\": \"fix\", \"status\": \"maybe\"}]}");
        assertTrue(result.error());
        assertTrue(result.content().contains("use pending, in_progress or done"), result.content());
    }

    @Test
    void twoStepsInProgressAreRefused() {
        ToolResult result = call("{\"steps\": [{\"step\": \"a\", \"status\": \"in_progress\"},"
                + "{\"step\": \"b\", \"status\": \"in_progress\"}]}");
        assertTrue(result.error());
        assertTrue(result.content().contains("mark only the current one"), result.content());
    }

    @Test
    void anEmptyPlanIsRefused() {
        assertTrue(call("{\"steps\": []}").error());
    }
}
