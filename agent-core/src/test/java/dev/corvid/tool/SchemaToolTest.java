package dev.corvid.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.agent.RunListener;
import dev.corvid.model.Cancellation;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class SchemaToolTest {

    private static final ToolContext CONTEXT = new ToolContext("r", "c", new Cancellation(), RunListener.NONE);

    private static final String SCHEMA = """
            {"type": "object",
             "properties": {
               "city": {"type": "string", "minLength": 2},
               "days": {"type": "integer", "minimum": 1, "maximum": 7},
               "unit": {"enum": ["celsius", "fahrenheit"]},
               "stops": {"type": "array", "items": {"type": "object",
                 "properties": {"name": {"type": "string"}, "hours": {"type": "number", "minimum": 0}},
                 "required": ["name"]}}
             },
             "required": ["city"],
             "additionalProperties": false}
            """;

    private final AtomicInteger calls = new AtomicInteger();
    private final FunctionTool forecast = FunctionTool.of("forecast", "Weather ahead",
            JsonMapper.builder().build().readTree(SCHEMA), (arguments, context) -> {
                calls.incrementAndGet();
                return "ok " + arguments.path("city").asString();
            });

    private ToolResult call(String arguments) {
        return forecast.invoke(arguments, CONTEXT);
    }

    private static void assertReports(ToolResult result, String... lines) {
        assertTrue(result.error(), result.content());
        for (String line : lines) {
            assertTrue(result.content().contains("\n- " + line), "expected '" + line + "' in:\n" + result.content());
        }
        assertTrue(result.content().endsWith("Call forecast again with corrected arguments."), result.content());
    }

    @Test
    void argumentsThatFitTheSchemaReachTheHandler() {
        ToolResult result = call("{\"city\": \"Oslo\", \"days\": 3, \"unit\": \"celsius\", \"stops\": [{\"name\": \"a\"}]}");
        assertEquals("ok Oslo", result.content());
        assertFalse(result.error());
        assertEquals(1, calls.get());
    }

    @Test
    void aBoundOnANumberIsEnforcedWithTheArgumentAndItsValue() {
        ToolResult result = call("{\"city\": \"Oslo\", \"days\": 9}");
        assertReports(result, "argument 'days' ");
        assertTrue(result.content().contains("7") && result.content().contains("(got 9)"), result.content());
        assertEquals(0, calls.get());
    }

    @Test
    void aWrongTypeAndAValueOutsideAnEnumAreEachReported() {
        ToolResult result = call("{\"city\": 5, \"unit\": \"kelvin\"}");
        assertReports(result, "argument 'city' ", "argument 'unit' ");
        assertTrue(result.content().contains("(got \"kelvin\")"), result.content());
    }

    @Test
    void aViolationInsideAnArrayOfObjectsNamesItsPath() {
        ToolResult result = call("{\"city\": \"Oslo\", \"stops\": [{\"name\": \"a\"}, {\"hours\": -1}]}");
        assertReports(result, "missing required argument 'stops[1].name'", "argument 'stops[1].hours' ");
        assertTrue(result.content().contains("(got -1)"), result.content());
    }

    @Test
    void missingAndUnknownArgumentsAreNamed() {
        assertReports(call("{\"town\": \"Oslo\"}"), "missing required argument 'city'", "unknown argument 'town'");
    }

    @Test
    void aHandlerMayReturnAFailureAsItIs() {
        FunctionTool refusing = FunctionTool.of("refuse", "", JsonMapper.builder().build().readTree("{\"type\":\"object\"}"),
                (arguments, context) -> ToolResult.failure("the server said no"));
        ToolResult result = refusing.invoke("{}", CONTEXT);
        assertTrue(result.error());
        assertEquals("the server said no", result.content());
    }
}
