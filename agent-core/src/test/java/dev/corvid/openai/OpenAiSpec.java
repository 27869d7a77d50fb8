package dev.corvid.openai;

import static org.junit.jupiter.api.Assertions.fail;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAI's published schema of a chat-completions request (a copy in the test resources, {@code spec/}),
 * for checking every request the client sends in tests.
 */
final class OpenAiSpec {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String FILE = "spec/openai-chat-completions.openapi.json";
    private static Schema request;

    private OpenAiSpec() {
    }

    /** Fails the test with every violation when the body does not fit CreateChatCompletionRequest. */
    static void assertValidRequest(JsonNode body) {
        List<Error> errors = requestSchema().validate(body);
        if (!errors.isEmpty()) {
            fail("the request does not fit OpenAI's schema: " + errors + "\nrequest: " + body);
        }
    }

    private static synchronized Schema requestSchema() {
        if (request == null) {
            JsonNode spec = JSON.readTree(read());
            ObjectNode document = JSON.createObjectNode();
            document.put("$schema", "https://json-schema.org/draft/2020-12/schema");
            document.put("$ref", "#/components/schemas/CreateChatCompletionRequest");
            document.set("components", nullableToTypes(spec.get("components")));
            request = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                    .getSchema(SchemaLocation.of("https://corvid.test/openai-spec.json"), document);
        }
        return request;
    }

    /** Reads the schema from the test resources. */
    private static String read() {
        try (InputStream in = OpenAiSpec.class.getResourceAsStream("/" + FILE)) {
            if (in == null) {
                throw new IllegalStateException("OpenAI's schema is missing from the test resources: " + FILE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** OpenAPI's {@code nullable: true} means nothing to a JSON Schema validator; spell it as a null type. */
    private static JsonNode nullableToTypes(JsonNode node) {
        if (node.isArray()) {
            ArrayNode copy = JSON.createArrayNode();
            node.forEach(item -> copy.add(nullableToTypes(item)));
            return copy;
        }
        if (!node.isObject()) {
            return node;
        }
        ObjectNode copy = JSON.createObjectNode();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!field.getKey().equals("nullable")) {
                copy.set(field.getKey(), nullableToTypes(field.getValue()));
            }
        }
        if (!node.path("nullable").asBoolean(false)) {
            return copy;
        }
        if (copy.path("type").isString()) {
            String type = copy.get("type").stringValue();
            copy.putArray("type").add(type).add("null");
            return copy;
        }
        ObjectNode either = JSON.createObjectNode();
        either.putArray("anyOf").add(copy).addObject().put("type", "null");
        return either;
    }
}
