package dev.corvid.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SchemaSanitizerTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static JsonNode gemini(String schema) {
        return SchemaSanitizer.sanitise(JSON.readTree(schema), ModelProfile.SchemaDialect.GEMINI);
    }

    @Test
    void theFullDialectSendsTheSchemaUnchanged() {
        JsonNode schema = JSON.readTree("{\"type\":\"object\",\"additionalProperties\":false}");
        assertSame(schema, SchemaSanitizer.sanitise(schema, ModelProfile.SchemaDialect.FULL));
    }

    @Test
    void referencesAreInlinedAndDefinitionsDropped() {
        JsonNode out = gemini("{\"type\":\"object\",\"properties\":{\"home\":{\"$ref\":\"#/$defs/Address\","
                + "\"description\":\"where\"}},\"$defs\":{\"Address\":{\"type\":\"object\",\"properties\":"
                + "{\"street\":{\"type\":\"string\"}}}}}");
        assertEquals("{\"type\":\"object\",\"properties\":{\"home\":{\"type\":\"object\",\"properties\":{\"street\":"
                + "{\"type\":\"string\"}},\"description\":\"where\"}}}", out.toString());
    }

    @Test
    void recursiveReferencesAreCutOffAsObjects() {
        JsonNode out = gemini("{\"type\":\"object\",\"properties\":{\"root\":{\"$ref\":\"#/$defs/Node\"}},\"$defs\":"
                + "{\"Node\":{\"type\":\"object\",\"properties\":{\"child\":{\"$ref\":\"#/$defs/Node\"}}}}}");
        JsonNode child = out.path("properties").path("root").path("properties").path("child");
        assertEquals("object", child.path("type").asString());
        assertFalse(child.has("$ref"));
    }

    @Test
    void keywordsGeminiRejectsAreRemovedOrRewritten() {
        JsonNode out = gemini("{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"object\","
                + "\"strict\":true,\"additionalProperties\":false,\"properties\":{"
                + "\"mode\":{\"const\":\"fast\"},"
                + "\"level\":{\"type\":\"integer\",\"enum\":[1,2,3]},"
                + "\"mail\":{\"type\":\"string\",\"format\":\"email\"},"
                + "\"when\":{\"type\":\"string\",\"format\":\"date-time\"},"
                + "\"note\":{\"type\":[\"string\",\"null\"]},"
                + "\"step\":{\"type\":\"number\",\"exclusiveMinimum\":0},"
                + "\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"additionalProperties\":{\"type\":\"integer\"}}}}}");
        assertEquals("{\"type\":\"object\",\"properties\":{"
                + "\"mode\":{\"enum\":[\"fast\"],\"type\":\"string\"},"
                + "\"level\":{\"type\":\"string\",\"enum\":[\"1\",\"2\",\"3\"]},"
                + "\"mail\":{\"type\":\"string\"},"
                + "\"when\":{\"type\":\"string\",\"format\":\"date-time\"},"
                + "\"note\":{\"nullable\":true,\"type\":\"string\"},"
                + "\"step\":{\"type\":\"number\",\"minimum\":0},"
                + "\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"object\"}}}}", out.toString());
    }
}
