package dev.corvid.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The README's Spring Boot section must show properties the starter knows and the fix the Boot 3.5 app uses. */
class ReadmeSpringBootTest {

    private static Path root() {
        for (Path at = Path.of("").toAbsolutePath(); at != null; at = at.getParent()) {
            if (Files.isRegularFile(at.resolve("README.md")) && Files.isDirectory(at.resolve("agent-it"))) {
                return at;
            }
        }
        throw new IllegalStateException("the project root (README.md and agent-it/) is not above "
                + Path.of("").toAbsolutePath());
    }

    private static String section() throws Exception {
        String text = Files.readString(root().resolve("README.md"));
        int start = text.indexOf("## Spring Boot");
        assertTrue(start >= 0, "README.md has no Spring Boot section");
        int end = text.indexOf("\n## ", start + 1);
        return text.substring(start, end < 0 ? text.length() : end);
    }

    private static String block(String section, String language) {
        int start = section.indexOf("```" + language + "\n");
        assertTrue(start >= 0, "no " + language + " block in the Spring Boot section");
        start += language.length() + 4;
        return section.substring(start, section.indexOf("```", start));
    }

    @Test
    void readmePropertiesAreOnesTheStarterKnows() throws Exception {
        Properties shown = new Properties();
        shown.load(new StringReader(block(section(), "properties")));
        Set<String> known = new HashSet<>();
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            JsonNode metadata = JsonMapper.builder().build().readTree(in);
            metadata.path("properties").forEach(property -> known.add(property.path("name").asString()));
        }
        assertTrue(shown.size() >= 3, shown.toString());
        for (String name : shown.stringPropertyNames()) {
            assertTrue(known.contains(name), name + " is not a property the starter knows: " + known);
            assertTrue(!shown.getProperty(name).contains("#"), "a comment ran into the value of " + name);
        }
        assertEquals("dashscope", shown.getProperty("corvid.provider"));
    }

    @Test
    void readmesBootThreeFiveFixIsTheOneTheBootThreeFiveAppUses() throws Exception {
        String section = section();
        String fix = block(section.substring(section.indexOf("**Spring Boot 3.5**")), "xml").strip();
        assertTrue(fix.contains("<artifactId>jackson-annotations</artifactId>") && !fix.contains("\n"), fix);
        String app = Files.readString(root().resolve("agent-it/boot3/pom.xml"));
        assertTrue(app.contains(fix), "agent-it/boot3/pom.xml does not use the README's line " + fix);
    }
}
