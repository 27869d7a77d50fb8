package dev.corvid.spring;

import dev.corvid.model.AssistantMessage;
import dev.corvid.model.ToolCall;
import dev.corvid.testing.RecordedRequest;
import dev.corvid.testing.Reply;
import java.util.List;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/** A fake server's script: call the named tool first, then answer with what it returned. */
final class ToolRoundTrip {

    private ToolRoundTrip() {
    }

    static Function<RecordedRequest, Reply> calling(String tool, String arguments) {
        return request -> {
            JsonNode messages = request.json().path("messages");
            JsonNode last = messages.path(messages.size() - 1);
            AssistantMessage reply = last.path("role").asString().equals("tool")
                    ? AssistantMessage.of("The tool said " + last.path("content").asString())
                    : AssistantMessage.ofToolCalls(List.of(ToolCall.of("call_1", tool, arguments)));
            return request.json().path("stream").asBoolean() ? Reply.stream(reply) : Reply.completion(reply);
        };
    }
}
