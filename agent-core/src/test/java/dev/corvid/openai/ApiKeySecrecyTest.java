package dev.corvid.openai;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.model.AssistantMessage;
import dev.corvid.model.Message;
import dev.corvid.model.ModelException;
import dev.corvid.model.ModelRequest;
import dev.corvid.testing.FakeOpenAiServer;
import dev.corvid.testing.Reply;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class ApiKeySecrecyTest {

    private static final String KEY = "sk-very-secret-key-0123456789";

    @Test
    void theKeyAppearsInNoLogNoMessageAndNoToString() {
        StringBuilder logged = new StringBuilder();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.append(record.getMessage()).append(' ');
                if (record.getParameters() != null) {
                    for (Object parameter : record.getParameters()) {
                        logged.append(parameter).append(' ');
                    }
                }
                if (record.getThrown() != null) {
                    logged.append(record.getThrown()).append(' ');
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger corvid = Logger.getLogger("dev.corvid");
        Level before = corvid.getLevel();
        corvid.setLevel(Level.ALL);
        corvid.addHandler(capture);
        try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
            server.enqueue(Reply.completion(AssistantMessage.of("fine")));
            server.enqueue(Reply.json(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + "\"}}"));
            server.enqueue(Reply.json(500, "{\"error\":{\"message\":\"key " + KEY + " broke us\"}}"));
            StringBuilder seen = new StringBuilder();
            try (OpenAiCompatibleModel model = OpenAiCompatibleModel.builder().baseUrl(server.baseUrl()).apiKey(KEY)
                    .model("m").stream(false).retryPolicy(RetryPolicy.NONE).build()) {
                seen.append(model).append(' ');
                model.complete(ModelRequest.of(List.of(Message.user("x"))));
                for (int i = 0; i < 2; i++) {
                    ModelException e = assertThrows(ModelException.class,
                            () -> model.complete(ModelRequest.of(List.of(Message.user("x")))));
                    seen.append(e.getMessage()).append(' ').append(e.providerMessage()).append(' ').append(e);
                }
            }
            assertTrue(server.requests().get(0).header("Authorization").endsWith(KEY), "the key is sent to the server");
            assertFalse(seen.toString().contains(KEY), seen.toString());
            assertTrue(seen.toString().contains("Incorrect API key provided: ***"), seen.toString());
            assertTrue(logged.length() > 0, "the model logs its requests at debug level");
            assertFalse(logged.toString().contains(KEY), logged.toString());
        } finally {
            corvid.removeHandler(capture);
            corvid.setLevel(before);
        }
    }

    @Test
    void aMissingKeyVariableNamesTheVariableAndNoValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Provider.DASHSCOPE
                .configure(OpenAiCompatibleModel.builder().environment(Map.of())).model("qwen-plus").build());
        assertTrue(e.getMessage().contains("DASHSCOPE_API_KEY is not set"), e.getMessage());
    }
}
