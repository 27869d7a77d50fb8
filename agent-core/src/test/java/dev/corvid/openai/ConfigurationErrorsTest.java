package dev.corvid.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.model.AuthenticationException;
import dev.corvid.model.Message;
import dev.corvid.model.ModelException;
import dev.corvid.model.ModelRequest;
import dev.corvid.testing.FakeOpenAiServer;
import dev.corvid.testing.Reply;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Failures caused by a wrong base URL or key: each message says what was used and what to change. */
class ConfigurationErrorsTest {

    private static final String KEY = "sk-configured-key-0123456789";
    private static final String PAGE = "<!DOCTYPE html>\n<html><head><title>Acme Cloud</title></head>"
            + "<body><h1>Welcome to Acme Cloud</h1><p>Sign in to the console.</p></body></html>";

    private final FakeOpenAiServer server = FakeOpenAiServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    private ModelException failure(OpenAiCompatibleModel.Builder builder) {
        try (OpenAiCompatibleModel model = builder.build()) {
            return assertThrows(ModelException.class, () -> model.complete(ModelRequest.of(List.of(Message.user("x")))));
        }
    }

    private OpenAiCompatibleModel.Builder model(boolean stream) {
        // The default retry policy: what must not be retried shows in the number of requests.
        return OpenAiCompatibleModel.builder().baseUrl(server.baseUrl()).apiKey(KEY).model("m").stream(stream);
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void aWebPageInsteadOfAnApiSaysTheContentTypeQuotesThePageAndPointsAtTheBaseUrl(boolean stream) {
        server.enqueue(Reply.raw("text/html; charset=utf-8", List.of(PAGE)));
        ModelException e = failure(model(stream));
        String message = e.getMessage();
        assertTrue(message.contains("text/html"), message);
        assertTrue(message.contains("<!DOCTYPE html> <html><head><title>Acme Cloud</title>"), message);
        assertTrue(message.contains("base URL probably points to a web page, not an API"), message);
        assertTrue(message.contains(server.baseUrl()), message);
        assertFalse(e.isRetryable());
        assertEquals(1, server.requests().size(), "the same URL gives the same page: no retry");
    }

    @Test
    void aLongWebPageIsQuotedOnlyFromItsStart() {
        server.enqueue(Reply.raw("text/html", List.of(PAGE + "<p>" + "filler ".repeat(2_000) + "THE-END</p>")));
        String message = failure(model(false)).getMessage();
        assertTrue(message.contains("Welcome to Acme Cloud"), message);
        assertFalse(message.contains("THE-END"), message);
        assertTrue(message.length() < 1_000, message.length() + " characters: " + message);
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void jsonThatIsNoChatCompletionIsNotRetriedAndSaysWhatWasExpected(boolean stream) {
        server.enqueue(Reply.json("{\"hello\":\"world\"}"));
        server.enqueue(Reply.json("{\"hello\":\"world\"}"));
        ModelException e = failure(model(stream));
        String message = e.getMessage();
        assertTrue(message.contains("not a chat completion"), message);
        assertTrue(message.contains("expected an object with \"choices\""), message);
        assertTrue(message.contains("{\"hello\":\"world\"}"), message);
        assertTrue(message.contains(server.baseUrl()), message);
        assertFalse(e.isRetryable());
        assertEquals(1, server.requests().size(), "asking again gives the same answer: no retry");
    }

    @Test
    void aRefusedKeyFromTheEnvironmentNamesTheVariableAndTheBaseUrlButNeverTheKey() {
        server.enqueue(Reply.json(401, "{\"error\":{\"message\":\"Incorrect API key provided\","
                + "\"code\":\"invalid_api_key\"}}"));
        ModelException e = failure(OpenAiCompatibleModel.builder().baseUrl(server.baseUrl()).model("m")
                .environment(Map.of("ACME_API_KEY", KEY)).apiKeyFromEnv("ACME_API_KEY"));
        assertInstanceOf(AuthenticationException.class, e);
        String message = e.getMessage();
        assertTrue(message.contains("the environment variable ACME_API_KEY"), message);
        assertTrue(message.contains(server.baseUrl()), message);
        assertTrue(message.contains("Incorrect API key provided"), message);
        assertFalse(message.contains(KEY) || message.contains(KEY.substring(0, 12)), message);
        assertTrue(server.requests().get(0).header("Authorization").endsWith(KEY), "the key itself was sent");
    }

    @Test
    void aRefusedPresetKeyNamesThePresetsVariable() {
        server.enqueue(Reply.json(403, "{\"error\":{\"message\":\"access denied\"}}"));
        ModelException e = failure(Provider.DASHSCOPE.builder(Map.of("DASHSCOPE_API_KEY", KEY,
                "DASHSCOPE_BASE_URL", server.baseUrl())).model("qwen-plus").stream(false));
        assertTrue(e.getMessage().contains("DASHSCOPE_API_KEY"), e.getMessage());
        assertTrue(e.getMessage().contains(server.baseUrl()), e.getMessage());
        assertFalse(e.getMessage().contains(KEY), e.getMessage());
    }

    @Test
    void aRefusedKeyGivenInCodeSaysSo() {
        server.enqueue(Reply.json(401, "{\"error\":{\"message\":\"bad key\"}}"));
        String message = failure(model(false)).getMessage();
        assertTrue(message.contains("apiKey(String)"), message);
        assertFalse(message.contains(KEY), message);
    }

    @Test
    void aRefusalWithoutAnyKeySaysThatNoneWasSentAndHowToSetOne() {
        server.enqueue(Reply.json(401, "{\"error\":{\"message\":\"authentication required\"}}"));
        String message = failure(OpenAiCompatibleModel.builder().baseUrl(server.baseUrl()).model("m").stream(false))
                .getMessage();
        assertTrue(message.contains("no API key was sent to " + server.baseUrl()), message);
        assertTrue(message.contains("apiKeyFromEnv(...)"), message);
    }
}
