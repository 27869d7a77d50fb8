package dev.corvid.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.corvid.testing.FakeOpenAiServer;
import dev.corvid.testing.Reply;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Starts the weather application on a random port, as Spring Boot runs it, with its model pointed at a local
 * server that plays DashScope, and asks it questions over HTTP.
 */
@SpringBootTest(classes = WeatherApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WeatherAppTest {

    private static final FakeOpenAiServer SERVER = FakeOpenAiServer.start();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Value("${local.server.port}")
    private int port;

    @DynamicPropertySource
    static void pointAtTheLocalServer(DynamicPropertyRegistry registry) {
        registry.add("DASHSCOPE_BASE_URL", SERVER::baseUrl);
        registry.add("DASHSCOPE_API_KEY", () -> "sk-weather-app");
    }

    @AfterAll
    static void stopServer() {
        SERVER.close();
    }

    private HttpResponse<String> ask(String question) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + port + "/ask?question="
                + URLEncoder.encode(question, StandardCharsets.UTF_8));
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void askEndpointAnswersThroughTheAgentAndItsToolBean() throws Exception {
        SERVER.otherwise(Reply.toolRoundTrip("temperature", "{\"city\": \"Paris\"}", "The thermometer said "));
        int before = SERVER.requests().size();

        HttpResponse<String> response = ask("How warm is Paris?");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("The thermometer said 21.5", response.body());
        assertEquals(before + 2, SERVER.requests().size());
        JsonNode first = SERVER.requests().get(before).json();
        assertEquals("qwen-plus", first.path("model").asString());
        assertEquals("Bearer sk-weather-app", SERVER.requests().get(before).header("Authorization"));
        assertEquals("Answer questions about the weather in one sentence.",
                first.path("messages").path(0).path("content").asString());
        assertEquals("temperature", first.path("tools").path(0).path("function").path("name").asString());
    }

    @Test
    void blankCityIsReportedBackToTheModelByTheValidator() throws Exception {
        SERVER.otherwise(Reply.toolRoundTrip("temperature", "{\"city\": \" \"}", "The thermometer said "));

        HttpResponse<String> response = ask("How warm is it?");

        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().startsWith("The thermometer said ") && response.body().contains("city"),
                response.body());
        assertTrue(response.body().toLowerCase().contains("blank"), response.body());
    }

    @Test
    void applicationRunsOnTheLibraryVersionsItsBootLineChooses() {
        assertVersion(Versions.of("org.hibernate.validator", "hibernate-validator"), "hibernate-validator");
        assertVersion(Versions.of("org.apache.httpcomponents.client5", "httpclient5"), "httpclient5");
        assertVersion(Versions.of("tools.jackson.core", "jackson-databind"), "jackson");
        // Spring's jars carry no Maven metadata; Boot reports its own version.
        assertVersion(org.springframework.boot.SpringBootVersion.getVersion(), "boot");
    }

    private static void assertVersion(String actual, String expected) {
        assertTrue(actual.startsWith(Versions.expected(expected) + "."), expected + " should be "
                + Versions.expected(expected) + ".x, is " + actual);
    }

    @Test
    void starterJarCarriesTheConfigurationMetadata() throws Exception {
        List<String> starters = new ArrayList<>();
        for (URL url : Collections.list(getClass().getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
            if (url.toString().contains("agent-spring-boot-starter")) {
                starters.add(url.toString());
            }
        }
        assertEquals(1, starters.size(), starters.toString());
        assumeTrue(starters.get(0).startsWith("jar:"), "the starter is not packaged yet; run mvn verify to check "
                + "its jar, not its classes: " + starters.get(0));
        try (var in = new URL(starters.get(0)).openStream()) {
            assertTrue(new String(in.readAllBytes(), StandardCharsets.UTF_8).contains("\"corvid.base-url\""));
        }
    }
}
