package dev.corvid.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ToolSchemaTest {

    enum Unit { CELSIUS, FAHRENHEIT }

    record Address(@ToolParam("street and number") @NotBlank String street,
                   @Size(min = 2, max = 2) String country,
                   @JsonPropertyDescription("postal code") String zip) {
    }

    record Person(@NotNull String name, Address home, List<Address> others) {
    }

    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @interface Nullable {
    }

    static class Everything {
        @Tool("Takes every kind of parameter")
        public String everything(int count, Integer boxed, long big, double ratio, boolean flag, String text,
                                 Unit unit, Person person, List<String> tags, Set<Integer> ids, String[] names,
                                 Map<String, Integer> scores, Optional<String> note, LocalDate day, Instant at,
                                 Duration wait, ToolContext context) {
            return "ok";
        }

        @Tool("Has constraints")
        public String constrained(@ToolParam("what to look for") @NotBlank String query,
                                  @Size(min = 1, max = 5) List<String> words,
                                  @Min(1) @Max(100) int limit,
                                  @Pattern(regexp = "[a-z]+") String slug,
                                  @Email String mail,
                                  @Positive int step,
                                  @DecimalMax("0.5") double share) {
            return "ok";
        }

        @Tool(value = "Optional in three ways", name = "opt-in")
        public String optionals(Optional<Integer> a, @Nullable String b,
                                @ToolParam(value = "c", required = false) String c, String d) {
            return "ok";
        }

        @Tool
        public void readHTTPFile() {
        }
    }

    private static final Toolbox TOOLS = Toolbox.of(new Everything());

    private static JsonNode schema(String tool) {
        return TOOLS.find(tool).orElseThrow().definition().parameters();
    }

    private static JsonNode property(String tool, String name) {
        return schema(tool).path("properties").path(name);
    }

    @Test
    void toolNamesAreMethodNamesInSnakeCaseUnlessOverriddenAndSorted() {
        assertEquals(List.of("constrained", "everything", "opt-in", "read_http_file"), new ArrayList<>(TOOLS.names()));
        assertEquals("read_file", AnnotatedTools.snakeCase("readFile"));
        assertEquals("get_url_list", AnnotatedTools.snakeCase("getURLList"));
        assertEquals("v2_api", AnnotatedTools.snakeCase("v2Api"));
    }

    @Test
    void descriptionComesFromTheAnnotation() {
        assertEquals("Takes every kind of parameter", TOOLS.find("everything").orElseThrow().definition().description());
        assertEquals("", TOOLS.find("read_http_file").orElseThrow().definition().description());
    }

    @Test
    void scalarParametersGetTheirJsonTypes() {
        assertEquals("integer", property("everything", "count").path("type").asString());
        assertEquals("integer", property("everything", "boxed").path("type").asString());
        assertEquals("integer", property("everything", "big").path("type").asString());
        assertEquals("number", property("everything", "ratio").path("type").asString());
        assertEquals("boolean", property("everything", "flag").path("type").asString());
        assertEquals("string", property("everything", "text").path("type").asString());
    }

    @Test
    void enumsListTheirValues() {
        JsonNode unit = property("everything", "unit");
        assertEquals("[\"CELSIUS\",\"FAHRENHEIT\"]", unit.path("enum").toString());
    }

    @Test
    void recordsBecomeNestedObjectSchemasWithFieldConstraintsAndDescriptions() {
        JsonNode person = property("everything", "person");
        assertEquals("object", person.path("type").asString());
        assertEquals("[\"name\"]", person.path("required").toString());
        JsonNode address = schema("everything").path("$defs").path("Address");
        JsonNode street = address.path("properties").path("street");
        assertEquals("street and number", street.path("description").asString());
        assertEquals(1, street.path("minLength").asInt());
        JsonNode country = address.path("properties").path("country");
        assertEquals(2, country.path("minLength").asInt());
        assertEquals(2, country.path("maxLength").asInt());
        JsonNode zip = address.path("properties").path("zip");
        assertEquals("postal code", zip.path("description").asString());
    }

    @Test
    void aTypeUsedTwiceIsDefinedOnceAndReferenced() {
        JsonNode root = schema("everything");
        assertTrue(root.path("$defs").has("Address"), root.toString());
        assertEquals("#/$defs/Address", property("everything", "person").path("properties").path("home")
                .path("$ref").asString());
    }

    @Test
    void collectionsArraysAndMapsGetItemSchemas() {
        assertEquals("array", property("everything", "tags").path("type").asString());
        assertEquals("string", property("everything", "tags").path("items").path("type").asString());
        assertEquals("integer", property("everything", "ids").path("items").path("type").asString());
        assertEquals("string", property("everything", "names").path("items").path("type").asString());
        JsonNode scores = property("everything", "scores");
        assertEquals("object", scores.path("type").asString());
        assertEquals("integer", scores.path("additionalProperties").path("type").asString());
    }

    @Test
    void timeTypesAreStrings() {
        assertEquals("string", property("everything", "day").path("type").asString());
        assertEquals("string", property("everything", "at").path("type").asString());
        assertEquals("string", property("everything", "wait").path("type").asString());
    }

    @Test
    void theToolContextIsNotPartOfTheSchema() {
        assertFalse(schema("everything").path("properties").has("context"));
    }

    @Test
    void optionalNullableAndNotRequiredParametersAreOptional() {
        assertEquals("[\"d\"]", schema("opt-in").path("required").toString());
        assertEquals("integer", property("opt-in", "a").path("type").asString());
        assertEquals("c", property("opt-in", "c").path("description").asString());
    }

    @Test
    void everyRequiredParameterIsListed() {
        JsonNode required = schema("everything").path("required");
        assertTrue(required.toString().contains("\"count\""));
        assertFalse(required.toString().contains("\"note\""));
    }

    @Test
    void parameterConstraintsReachTheSchema() {
        assertEquals("what to look for", property("constrained", "query").path("description").asString());
        assertEquals(1, property("constrained", "query").path("minLength").asInt());
        assertEquals(1, property("constrained", "words").path("minItems").asInt());
        assertEquals(5, property("constrained", "words").path("maxItems").asInt());
        assertEquals(1, property("constrained", "limit").path("minimum").asInt());
        assertEquals(100, property("constrained", "limit").path("maximum").asInt());
        assertEquals("[a-z]+", property("constrained", "slug").path("pattern").asString());
        assertEquals("email", property("constrained", "mail").path("format").asString());
        assertEquals(0, property("constrained", "step").path("exclusiveMinimum").asInt());
        assertEquals(0.5, property("constrained", "share").path("maximum").asDouble());
    }

    @Test
    void aToolWithoutParametersHasAnEmptyObjectSchema() {
        assertEquals("{\"type\":\"object\",\"properties\":{}}", schema("read_http_file").toString());
    }

    @Test
    void schemasAreGeneratedOnceWhenTheToolboxIsBuilt() {
        assertSame(TOOLS.definitions(), TOOLS.definitions());
        assertSame(TOOLS.find("everything").orElseThrow().definition(),
                TOOLS.find("everything").orElseThrow().definition());
    }

    @Test
    void scalarParametersGetExactlyTheSchemaTheGeneratorWouldGive() {
        List<Class<?>> scalars = List.of(String.class, boolean.class, Boolean.class, int.class, Integer.class,
                long.class, Long.class, short.class, Short.class, java.math.BigInteger.class,
                double.class, Double.class, float.class, Float.class, java.math.BigDecimal.class);
        for (Class<?> type : scalars) {
            JsonNode written = ToolSchemas.objectSchema(List.of(new ToolSchemas.Property("p", type, null, "", true)))
                    .path("properties").path("p");
            assertEquals(ToolSchemas.typeSchema(type), written, type.getName());
        }
    }
}
