package dev.corvid.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** IDEs complete the corvid.* properties from the metadata file, so it must list each one, described. */
class ConfigurationMetadataTest {

    @Test
    void metadataListsEveryPropertyWithADescription() throws Exception {
        JsonNode metadata;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertNotNull(in, "META-INF/spring-configuration-metadata.json is missing");
            metadata = JsonMapper.builder().build().readTree(in);
        }
        List<String> listed = new ArrayList<>();
        for (JsonNode property : metadata.path("properties")) {
            listed.add(property.path("name").asString());
            assertFalse(property.path("description").asString().isBlank(), property.toString());
            assertEquals(CorvidProperties.class.getName(), property.path("sourceType").asString());
        }
        List<String> expected = new ArrayList<>();
        for (RecordComponent component : CorvidProperties.class.getRecordComponents()) {
            expected.add("corvid." + component.getName().replaceAll("([A-Z])", "-$1").toLowerCase());
        }
        assertEquals(expected, listed);
    }

    @Test
    void metadataHintsTheProviderPresets() throws Exception {
        JsonNode metadata;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            metadata = JsonMapper.builder().build().readTree(in);
        }
        List<String> values = new ArrayList<>();
        metadata.path("hints").path(0).path("values").forEach(value -> values.add(value.path("value").asString()));
        assertEquals("corvid.provider", metadata.path("hints").path(0).path("name").asString());
        List<String> presets = new ArrayList<>();
        for (dev.corvid.openai.Provider provider : dev.corvid.openai.Provider.values()) {
            presets.add(provider.id());
        }
        assertEquals(presets, values);
    }
}
