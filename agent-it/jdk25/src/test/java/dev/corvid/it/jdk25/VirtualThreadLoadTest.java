package dev.corvid.it.jdk25;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.model.AssistantMessage;
import dev.corvid.model.ToolCall;
import dev.corvid.openai.OpenAiCompatibleModel;
import dev.corvid.testing.FakeOpenAiServer;
import dev.corvid.testing.Reply;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class VirtualThreadLoadTest {

    private static final Pattern NUMBER = Pattern.compile("square of (\\d+)");

    @Test
    void threeHundredRunsOnVirtualThreadsAllGetTheirOwnRightAnswer() throws Exception {
        try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
            // Plays a model: asks the tool for the prompt's number, then states what the tool returned.
            server.otherwise(request -> {
                JsonNode messages = request.json().path("messages");
                JsonNode last = messages.path(messages.size() - 1);
                AssistantMessage reply;
                if (last.path("role").asString().equals("tool")) {
                    reply = AssistantMessage.of("The square is " + last.path("content").asString() + ".");
                } else {
                    Matcher number = NUMBER.matcher(last.path("content").asString());
                    reply = number.find()
                            ? AssistantMessage.ofToolCalls(List.of(ToolCall.of("call_" + number.group(1), "square",
                                    "{\"n\": " + number.group(1) + "}")))
                            : AssistantMessage.of("no number in the prompt");
                }
                return request.json().path("stream").asBoolean() ? Reply.stream(reply) : Reply.completion(reply);
            });
            try (OpenAiCompatibleModel model = OpenAiCompatibleModel.builder().baseUrl(server.baseUrl())
                    .model("load-test").build()) {
                VirtualThreadLoad.Outcome outcome = VirtualThreadLoad.run(model, 300, Duration.ofMinutes(3));

                assertTrue(outcome.allRight(), outcome.wrong().size() + " runs went wrong, first: "
                        + outcome.wrong().stream().limit(5).toList());
                assertEquals(600, server.requests().size());
            }
        }
    }
}
