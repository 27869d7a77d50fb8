package dev.corvid.openai;

import dev.corvid.model.AssistantMessage;
import dev.corvid.model.FinishReason;
import dev.corvid.model.ModelException;
import dev.corvid.model.ModelResponse;
import dev.corvid.model.StreamListener;
import dev.corvid.model.ToolCall;
import dev.corvid.model.TransportException;
import dev.corvid.model.Usage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Assembles a streamed response from its chunks: text and reasoning (passed on to the listener as they
 * arrive), tool calls from their fragments, the finish reason and the usage. Not thread-safe: one per
 * response.
 *
 * <p>Tool-call fragments are matched by {@code index} when the server sends one. Without an index, a new
 * non-empty id or, when ids are empty, a name opens a new call; anything else continues the open call.
 * Ids are never concatenated: servers that repeat the id in every chunk repeat the same id.
 */
final class StreamAssembler {

    private static final class CallBuilder {
        String id = "";
        String name = "";
        final StringBuilder arguments = new StringBuilder();
        String wholeArguments;
        Map<String, JsonNode> extra;
    }

    private final StreamListener listener;
    private final ModelProfile profile;
    private final ErrorParser errors;
    private final StringBuilder text = new StringBuilder();
    private final StringBuilder reasoning = new StringBuilder();
    private final List<CallBuilder> calls = new ArrayList<>();
    private final Map<Integer, CallBuilder> callsByIndex = new HashMap<>();
    private Map<String, JsonNode> extra;
    private String refusal;
    private String finishReason;
    private Usage usage = Usage.UNKNOWN;
    private String id;
    private String model;
    private boolean delivered;

    StreamAssembler(StreamListener listener, ModelProfile profile, ErrorParser errors) {
        this.listener = listener;
        this.profile = profile;
        this.errors = errors;
    }

    /** Returns whether any text reached the listener, after which the request must not be retried. */
    boolean delivered() {
        return delivered;
    }

    /** Returns the text streamed so far. */
    String partialText() {
        return text.toString();
    }

    /** Takes one chunk; an error in it is thrown with the text streamed so far. */
    void accept(JsonNode chunk) {
        if (chunk.hasNonNull("error")) {
            throw errors.fromBody(200, chunk, "the provider reported an error in the stream")
                    .withPartialText(text.toString());
        }
        if (id == null) {
            id = ResponseParser.text(chunk, "id");
            model = ResponseParser.text(chunk, "model");
        }
        JsonNode choice = chunk.path("choices").path(0);
        Usage chunkUsage = ResponseParser.usage(chunk, choice.isMissingNode() ? null : choice);
        if (chunkUsage != Usage.UNKNOWN) {
            usage = chunkUsage;
        }
        if (choice.isMissingNode()) {
            return;
        }
        JsonNode delta = choice.path("delta");
        String content = ResponseParser.text(delta, "content");
        if (content != null && !content.isEmpty()) {
            text.append(content);
            delivered = true;
            listener.onTextDelta(content);
        }
        String thought = ResponseParser.reasoning(delta);
        if (thought != null && !thought.isEmpty()) {
            reasoning.append(thought);
            delivered = true;
            listener.onReasoningDelta(thought);
        }
        String refusalPart = ResponseParser.text(delta, "refusal");
        if (refusalPart != null) {
            refusal = refusal == null ? refusalPart : refusal + refusalPart;
        }
        JsonNode fragments = delta.get("tool_calls");
        if (fragments != null && fragments.isArray()) {
            for (JsonNode fragment : fragments) {
                acceptToolCall(fragment);
            }
        }
        for (Map.Entry<String, JsonNode> field : ResponseParser.extras(delta, ResponseParser.MESSAGE_FIELDS).entrySet()) {
            if (extra == null) {
                extra = new LinkedHashMap<>();
            }
            extra.put(field.getKey(), field.getValue());
        }
        String finish = ResponseParser.text(choice, "finish_reason");
        if (finish != null) {
            if (finish.equals("error")) {
                throw errors.fromBody(200, choice, "the provider ended the stream with an error")
                        .withPartialText(text.toString());
            }
            finishReason = finish;
        }
    }

    private void acceptToolCall(JsonNode fragment) {
        JsonNode indexNode = fragment.get("index");
        String fragmentId = ResponseParser.text(fragment, "id");
        JsonNode function = fragment.path("function");
        String name = ResponseParser.text(function, "name");
        boolean hasId = fragmentId != null && !fragmentId.isEmpty();
        boolean hasName = name != null && !name.isEmpty();
        CallBuilder call;
        if (indexNode != null && indexNode.isIntegralNumber()) {
            int index = indexNode.asInt();
            call = callsByIndex.get(index);
            // Some servers reuse index 0 for every parallel call: a different id means a different call.
            if (call == null || hasId && !call.id.isEmpty() && !call.id.equals(fragmentId)) {
                call = open();
                callsByIndex.put(index, call);
            }
        } else {
            call = calls.isEmpty() ? null : calls.get(calls.size() - 1);
            boolean newId = hasId && (call == null || !fragmentId.equals(call.id));
            boolean newName = !hasId && hasName && (call == null || !call.name.isEmpty());
            if (call == null || newId || newName) {
                call = open();
            }
        }
        if (hasId && call.id.isEmpty()) {
            call.id = fragmentId;
        }
        if (hasName && call.name.isEmpty()) {
            call.name = name;
        }
        JsonNode arguments = function.get("arguments");
        if (arguments != null && !arguments.isNull()) {
            if (arguments.isString()) {
                call.arguments.append(arguments.stringValue());
            } else {
                call.wholeArguments = arguments.toString();
            }
        }
        for (Map.Entry<String, JsonNode> field : ResponseParser.extras(fragment, java.util.Set.of("id", "type",
                "function", "index")).entrySet()) {
            if (call.extra == null) {
                call.extra = new LinkedHashMap<>();
            }
            call.extra.put(field.getKey(), field.getValue());
        }
    }

    private CallBuilder open() {
        CallBuilder call = new CallBuilder();
        calls.add(call);
        return call;
    }

    /**
     * Returns the assembled response.
     *
     * @throws ModelException when the stream ended without a finish reason, which means it broke off
     */
    ModelResponse finish() {
        if (finishReason == null) {
            throw new TransportException("the stream ended without a finish reason: the response is incomplete",
                    200, null, !delivered, null).withPartialText(text.toString());
        }
        List<ToolCall> toolCalls = new ArrayList<>(calls.size());
        for (CallBuilder call : calls) {
            String arguments = call.wholeArguments != null ? call.wholeArguments : call.arguments.toString();
            toolCalls.add(new ToolCall(call.id, call.name, arguments, call.extra == null ? Map.of() : call.extra));
        }
        AssistantMessage message = new AssistantMessage(text.length() == 0 ? null : text.toString(),
                reasoning.length() == 0 ? null : reasoning.toString(), refusal, toolCalls,
                extra == null ? Map.of() : extra);
        return ResponseParser.finish(message, FinishReason.fromWire(finishReason), usage, model, id, profile);
    }
}
