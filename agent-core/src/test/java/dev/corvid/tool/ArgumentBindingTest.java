package dev.corvid.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.agent.RunListener;
import dev.corvid.model.Cancellation;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ArgumentBindingTest {

    enum Color { RED, GREEN }

    record Item(@NotBlank String name, @Min(1) int quantity) {
    }

    record Order(String customer, List<Item> items) {
    }

    record Address(@NotBlank String city) {
    }

    record Customer(String name, Address address) {
    }

    static class Shop {
        @Tool
        public int add(int a, int b) {
            return a + b;
        }

        @Tool
        public String paint(Color color) {
            return color.name();
        }

        @Tool
        public String register(Customer customer) {
            return "registered " + customer.name();
        }

        @Tool
        public String place(Order order) {
            return order.customer() + ":" + order.items().size();
        }

        @Tool
        public String page(String path, Optional<Integer> offset, @ToolParam(required = false) Integer limit) {
            return path + "@" + offset.orElse(1) + "+" + limit;
        }

        @Tool
        public String schedule(LocalDate day, Map<String, Integer> counts) {
            return day.getDayOfWeek() + " " + counts;
        }

        @Tool
        public String search(@NotBlank String query, @Min(1) @Max(50) int limit, @Email String notify,
                             @Size(max = 2) List<String> tags) {
            return "found " + query;
        }

        @Tool
        public List<Item> list() {
            return List.of(new Item("apple", 2));
        }

        @Tool
        public void reset() {
        }

        @Tool
        public String explode() throws IOException {
            throw new IOException("disk full; free some space and try again");
        }

        @Tool
        public String whoami(ToolContext context) {
            return context.runId() + "/" + context.toolCallId();
        }

        @Tool
        public String fill(List<Item> items) {
            return items.size() + " items";
        }
    }

    static class StaticTools {
        @Tool
        public static String shout(@NotBlank String word) {
            return word.toUpperCase();
        }
    }

    private static final Toolbox TOOLS = Toolbox.of(new Shop(), StaticTools.class);

    private static ToolResult call(String tool, String arguments) {
        ToolContext context = new ToolContext("run-1", "call-9", new Cancellation(), RunListener.NONE);
        return TOOLS.find(tool).orElseThrow().invoke(arguments, context);
    }

    private static void assertSuccess(String expected, ToolResult result) {
        assertFalse(result.error(), result.content());
        assertEquals(expected, result.content());
    }

    private static void assertFailure(ToolResult result, String... fragments) {
        assertTrue(result.error(), "expected a failure but got: " + result.content());
        for (String fragment : fragments) {
            assertTrue(result.content().contains(fragment), "'" + fragment + "' missing from: " + result.content());
        }
    }

    @Test
    void wellFormedArgumentsAreBoundAndTheResultIsReturnedAsText() {
        assertSuccess("5", call("add", "{\"a\": 2, \"b\": 3}"));
    }

    @Test
    void numbersSentAsStringsAreBoundAsNumbers() {
        assertSuccess("133", call("add", "{\"a\": \"130\", \"b\": 3}"));
    }

    @Test
    void argumentsDoubleEncodedAsAJsonStringAreUnwrapped() {
        assertSuccess("5", call("add", "\"{\\\"a\\\": 2, \\\"b\\\": 3}\""));
    }

    @Test
    void singleQuotedArgumentsAreAcceptedWhenTheirMeaningIsPlain() {
        assertSuccess("5", call("add", "{'a': 2, 'b': 3}"));
    }

    @Test
    void anEmptyArgumentStringMeansNoArguments() {
        assertSuccess("Done.", call("reset", ""));
        assertSuccess("Done.", call("reset", "\"\""));
    }

    @Test
    void anObjectSentAsAJsonStringIsBoundToARecord() {
        assertSuccess("ann:1", call("place", "{\"order\": \"{\\\"customer\\\":\\\"ann\\\",\\\"items\\\":[{\\\"name\\\":\\\"x\\\",\\\"quantity\\\":1}]}\"}"));
    }

    @Test
    void enumsBindIgnoringCase() {
        assertSuccess("GREEN", call("paint", "{\"color\": \"green\"}"));
    }

    @Test
    void absentOptionalParametersGetEmptyOrNull() {
        assertSuccess("a.txt@1+null", call("page", "{\"path\": \"a.txt\"}"));
        assertSuccess("a.txt@7+3", call("page", "{\"path\": \"a.txt\", \"offset\": 7, \"limit\": 3}"));
    }

    @Test
    void timeTypesAndMapsBind() {
        assertSuccess("FRIDAY {x=1}", call("schedule", "{\"day\": \"2026-11-27\", \"counts\": {\"x\": 1}}"));
    }

    @Test
    void invalidJsonIsReportedWithWhatToSend() {
        assertFailure(call("add", "{\"a\": 2, \"b\": "), "not valid JSON", "single JSON object");
    }

    @Test
    void argumentsThatAreNotAnObjectAreReported() {
        assertFailure(call("add", "[1, 2]"), "must be a JSON object");
    }

    @Test
    void aMissingRequiredArgumentIsNamed() {
        assertFailure(call("add", "{\"a\": 2}"), "missing required argument 'b'", "Call add again");
    }

    @Test
    void aMistypedArgumentIsNamedWithWhatWasWrong() {
        assertFailure(call("add", "{\"a\": 2, \"b\": \"three\"}"), "argument 'b'", "three");
    }

    @Test
    void anUnknownArgumentIsReportedWithTheKnownOnes() {
        assertFailure(call("add", "{\"a\": 2, \"b\": 3, \"c\": 4}"), "unknown argument 'c'", "[a, b]");
    }

    @Test
    void aMistypedNestedFieldIsReportedWithItsPath() {
        assertFailure(call("place", "{\"order\": {\"customer\": \"ann\", \"items\": [{\"name\": \"x\", \"quantity\": \"lots\"}]}}"),
                "argument 'order' at .items[0].quantity");
    }

    @Test
    void everyConstraintViolationIsReportedWithItsPathAndValue() {
        ToolResult result = call("search", "{\"query\": \" \", \"limit\": 80, \"notify\": \"nobody\", \"tags\": [\"a\",\"b\",\"c\"]}");
        assertFailure(result, "argument 'query' must not be blank (got \" \")",
                "argument 'limit' must be less than or equal to 50 (got 80)",
                "argument 'notify' must be a well-formed email address (got \"nobody\")",
                "argument 'tags' size must be between 0 and 2");
    }

    @Test
    void constraintsOnRecordsInsideListsAreCheckedWithoutValid() {
        assertFailure(call("fill", "{\"items\": [{\"name\": \"ok\", \"quantity\": 1}, {\"name\": \"\", \"quantity\": 0}]}"),
                "argument 'items[1].name' must not be blank", "argument 'items[1].quantity' must be greater than or equal to 1");
    }

    @Test
    void constraintsOnARecordInsideARecordAreCheckedWithoutValid() {
        assertFailure(call("register", "{\"customer\": {\"name\": \"ann\", \"address\": {\"city\": \" \"}}}"),
                "argument 'customer.address.city' must not be blank (got \" \")");
        assertSuccess("registered ann", call("register", "{\"customer\": {\"name\": \"ann\", \"address\": {\"city\": \"Oslo\"}}}"));
    }

    @Test
    void constraintsOnRecordsInAListInsideARecordAreChecked() {
        assertFailure(call("place", "{\"order\": {\"customer\": \"ann\", \"items\": [{\"name\": \"x\", \"quantity\": 0}]}}"),
                "argument 'order.items[0].quantity' must be greater than or equal to 1 (got 0)");
    }

    @Test
    void staticToolMethodsAreCalledAndValidated() {
        assertSuccess("HEY", call("shout", "{\"word\": \"hey\"}"));
    }

    @Test
    void recordResultsAreReturnedAsJson() {
        assertSuccess("[{\"name\":\"apple\",\"quantity\":2}]", call("list", "{}"));
    }

    @Test
    void aVoidToolConfirmsBriefly() {
        assertSuccess("Done.", call("reset", "{}"));
    }

    @Test
    void anExceptionBecomesAnErrorMessageWithoutAStackTrace() {
        ToolResult result = call("explode", "{}");
        assertFailure(result, "explode failed with IOException: disk full; free some space and try again");
        assertFalse(result.content().contains("at dev.corvid"), result.content());
    }

    @Test
    void theToolContextIsInjected() {
        assertSuccess("run-1/call-9", call("whoami", "{}"));
    }

    @Test
    void toolsBuiltInCodeCheckRequiredPropertiesAndReturnTheirResult() {
        var schema = tools.jackson.databind.json.JsonMapper.builder().build().readTree(
                "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}");
        FunctionTool weather = FunctionTool.of("weather", "Weather in a city", schema,
                (arguments, context) -> "sunny in " + arguments.path("city").asString());
        ToolContext context = new ToolContext("r", "c", new Cancellation(), RunListener.NONE);
        assertEquals("sunny in Paris", weather.invoke("{'city': 'Paris'}", context).content());
        ToolResult missing = weather.invoke("{}", context);
        assertTrue(missing.error());
        assertTrue(missing.content().contains("missing required argument 'city'"), missing.content());
    }
}
