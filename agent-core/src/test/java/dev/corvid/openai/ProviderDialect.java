package dev.corvid.openai;

import dev.corvid.model.AssistantMessage;
import dev.corvid.model.ToolCall;
import dev.corvid.testing.Reply;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * How each provider of the seeds writes a reply on the wire, blocking and streamed, written from their
 * documented examples and the quirks they are known for.
 */
enum ProviderDialect {
    /** RouterAI routing to Qwen: OpenRouter's fields, comment lines while processing, usage with details. */
    ROUTERAI,
    /** RouterAI routing to Gemini: empty call ids, {@code stop} with tool calls, streams without indexes. */
    ROUTERAI_GEMINI,
    /** RouterAI routing to Kimi K2: ids like {@code functions.get_weather:0}. */
    ROUTERAI_KIMI,
    /** wcode: {@code native_finish_reason}, {@code reasoning} and {@code refusal} as null, null token details. */
    WCODE,
    /** DashScope: empty ids on continuation chunks, {@code system_fingerprint}, usage in a choice-less chunk. */
    DASHSCOPE;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    Reply render(AssistantMessage message, boolean stream) {
        return stream ? stream(message) : blocking(message);
    }

    private String finish(AssistantMessage message) {
        if (this == ROUTERAI_GEMINI) {
            return "stop";
        }
        return message.hasToolCalls() ? "tool_calls" : "stop";
    }

    private String id(ToolCall call, int index) {
        return switch (this) {
            case ROUTERAI_GEMINI -> "";
            case ROUTERAI_KIMI -> "functions." + call.name() + ":" + index;
            default -> call.id();
        };
    }

    private Reply blocking(AssistantMessage message) {
        ObjectNode body = JSON.createObjectNode().put("id", "chatcmpl-" + name().toLowerCase())
                .put("object", "chat.completion").put("created", 1_759_079_205L).put("model", "replayed");
        if (this == ROUTERAI || this == ROUTERAI_GEMINI || this == ROUTERAI_KIMI) {
            body.put("provider", "Upstream");
        }
        ObjectNode choice = body.putArray("choices").addObject();
        choice.putNull("logprobs");
        choice.put("finish_reason", finish(message)).put("index", 0);
        if (this != DASHSCOPE) {
            choice.put("native_finish_reason", finish(message).toUpperCase());
        }
        ObjectNode wire = choice.putObject("message").put("role", "assistant");
        if (message.text() == null && this == DASHSCOPE) {
            wire.put("content", "");
        } else {
            wire.put("content", message.text());
        }
        if (this == WCODE || this == ROUTERAI) {
            wire.putNull("refusal");
            wire.putNull("reasoning");
        }
        if (message.hasToolCalls()) {
            ArrayNode calls = wire.putArray("tool_calls");
            for (int i = 0; i < message.toolCalls().size(); i++) {
                ToolCall call = message.toolCalls().get(i);
                ObjectNode node = calls.addObject();
                if (this == DASHSCOPE) {
                    node.put("index", i);
                }
                node.put("id", id(call, i)).put("type", "function");
                node.putObject("function").put("name", call.name()).put("arguments", call.arguments());
            }
        }
        if (this == DASHSCOPE) {
            body.putNull("system_fingerprint");
        }
        usage(body);
        return Reply.json(body.toString());
    }

    private void usage(ObjectNode body) {
        ObjectNode usage = body.putObject("usage").put("prompt_tokens", 1_000).put("completion_tokens", 200)
                .put("total_tokens", 1_200);
        if (this == WCODE) {
            usage.putNull("prompt_tokens_details");
        } else {
            usage.putObject("prompt_tokens_details").put("cached_tokens", 100);
        }
    }

    private Reply stream(AssistantMessage message) {
        List<String> events = new ArrayList<>();
        if (this == ROUTERAI || this == ROUTERAI_GEMINI || this == ROUTERAI_KIMI) {
            events.add(": OPENROUTER PROCESSING\n\n");
        }
        events.add(event(chunk(delta -> delta.put("role", "assistant").put("content", ""), null)));
        if (message.text() != null) {
            String text = message.text();
            int half = text.length() / 2;
            for (String piece : List.of(text.substring(0, half), text.substring(half))) {
                events.add(event(chunk(delta -> delta.put("content", piece), null)));
            }
        }
        for (int i = 0; i < message.toolCalls().size(); i++) {
            ToolCall call = message.toolCalls().get(i);
            String arguments = call.arguments();
            int cut = arguments.length() / 2;
            int index = i;
            events.add(event(chunk(delta -> {
                ObjectNode fragment = delta.putArray("tool_calls").addObject();
                if (this != ROUTERAI_GEMINI) {
                    fragment.put("index", index);
                }
                fragment.put("id", id(call, index)).put("type", "function");
                fragment.putObject("function").put("name", call.name()).put("arguments", arguments.substring(0, cut));
            }, null)));
            events.add(event(chunk(delta -> {
                ObjectNode fragment = delta.putArray("tool_calls").addObject();
                if (this != ROUTERAI_GEMINI) {
                    fragment.put("index", index);
                }
                if (this == DASHSCOPE) {
                    fragment.put("id", "").put("type", "function");
                    fragment.putObject("function").put("arguments", arguments.substring(cut));
                } else {
                    fragment.putObject("function").put("arguments", arguments.substring(cut));
                }
            }, null)));
        }
        events.add(event(chunk(delta -> { }, finish(message))));
        ObjectNode usageChunk = JSON.createObjectNode().put("id", "chatcmpl-stream").put("object", "chat.completion.chunk")
                .put("model", "replayed");
        usageChunk.putArray("choices");
        usage(usageChunk);
        events.add(event(usageChunk.toString()));
        if (this != ROUTERAI_GEMINI) {
            events.add("data: [DONE]\n\n");
        }
        return Reply.raw("text/event-stream", events);
    }

    private String chunk(java.util.function.Consumer<ObjectNode> fill, String finish) {
        ObjectNode chunk = JSON.createObjectNode().put("id", "chatcmpl-stream").put("object", "chat.completion.chunk")
                .put("created", 1_759_079_205L).put("model", "replayed");
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        fill.accept(choice.putObject("delta"));
        if (finish == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finish);
            if (this != DASHSCOPE) {
                choice.put("native_finish_reason", finish.toUpperCase());
            }
        }
        if (this == DASHSCOPE) {
            chunk.putNull("system_fingerprint");
        }
        return chunk.toString();
    }

    private static String event(String data) {
        return "data: " + data + "\n\n";
    }
}
