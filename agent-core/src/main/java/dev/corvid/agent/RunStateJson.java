package dev.corvid.agent;

import dev.corvid.model.AssistantMessage;
import dev.corvid.model.Cost;
import dev.corvid.model.Message;
import dev.corvid.model.ToolCall;
import dev.corvid.model.Transcript;
import dev.corvid.model.Usage;
import dev.corvid.tool.ToolResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a {@link RunState} as JSON and reads it back. The calls of the current turn are kept by id and
 * phase only: the calls themselves are those of the transcript's last assistant message.
 */
final class RunStateJson {

    /** The layout written; a reader refuses a newer one rather than misread it. */
    private static final int VERSION = 1;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RunStateJson() {
    }

    static String write(RunState state) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", VERSION);
        root.put("run_id", state.runId());
        root.put("turn", state.turn());
        if (state.outcome() != null) {
            root.put("outcome", state.outcome().name());
        }
        if (state.detail() != null) {
            root.put("detail", state.detail());
        }
        root.put("invalid_answers_in_a_row", state.invalidAnswersInARow());
        if (state.repeatedCall() != null) {
            root.put("repeated_call", state.repeatedCall());
        }
        root.put("repeats", state.repeats());
        ObjectNode failures = root.putObject("failures_in_a_row");
        state.failuresInARow().forEach(failures::put);
        ArrayNode turns = root.putArray("per_turn");
        for (TurnUsage turn : state.perTurn()) {
            ObjectNode node = turns.addObject();
            node.put("turn", turn.turn());
            writeUsage(node.putObject("usage"), turn.usage());
            if (turn.cost() != null) {
                node.putObject("cost").put("amount", turn.cost().amount().toPlainString())
                        .put("currency", turn.cost().currency().getCurrencyCode());
            }
        }
        ArrayNode calls = root.putArray("calls");
        for (RunState.CallState call : state.calls()) {
            ObjectNode node = calls.addObject();
            node.put("id", call.call().id());
            node.put("phase", call.phase().name());
            if (call.result() != null) {
                node.put("content", call.result().content());
                node.put("error", call.result().error());
            }
        }
        writeContext(root, state.context());
        // The transcript, the bulk of a state, is written once as text and spliced in, not parsed back to a tree.
        String head = root.toString();
        String transcript = Transcript.toJson(state.transcript());
        return new StringBuilder(head.length() + transcript.length() + 16).append(head, 0, head.length() - 1)
                .append(",\"transcript\":").append(transcript).append('}').toString();
    }

    static RunState read(String json) {
        if (json == null || json.isBlank()) {
            throw new IllegalArgumentException("a run state needs JSON text; got none");
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("a run state must be JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("a run state must be a JSON object");
        }
        int version = root.path("version").asInt(0);
        if (version != VERSION) {
            throw new IllegalArgumentException("this run state has layout version " + version
                    + "; this Corvid reads version " + VERSION);
        }
        JsonNode transcriptNode = root.get("transcript");
        if (transcriptNode == null || !transcriptNode.isArray()) {
            throw new IllegalArgumentException("a run state needs a \"transcript\" array");
        }
        List<Message> transcript = Transcript.fromJson(transcriptNode.toString());
        Map<String, Integer> failures = new HashMap<>();
        root.path("failures_in_a_row").properties().forEach(field -> failures.put(field.getKey(), field.getValue().asInt()));
        List<TurnUsage> perTurn = new ArrayList<>();
        for (JsonNode node : root.path("per_turn")) {
            JsonNode cost = node.get("cost");
            perTurn.add(new TurnUsage(node.path("turn").asInt(), readUsage(node.path("usage")), cost == null ? null
                    : Cost.of(cost.path("amount").asString(), cost.path("currency").asString())));
        }
        return new RunState(text(root, "run_id"), transcript, root.path("turn").asInt(), perTurn,
                readCalls(root.path("calls"), transcript), failures, root.path("invalid_answers_in_a_row").asInt(),
                text(root, "repeated_call"), root.path("repeats").asInt(),
                root.hasNonNull("outcome") ? outcome(text(root, "outcome")) : null, text(root, "detail"),
                readContext(root.get("context")));
    }

    /** Writes the context, when it holds anything: states written before it existed simply lack it. */
    private static void writeContext(ObjectNode root, RunState.Context context) {
        if (context.equals(RunState.Context.NONE)) {
            return;
        }
        ObjectNode node = root.putObject("context");
        node.put("task", context.task());
        node.put("kept_from", context.keptFrom());
        if (context.summary() != null) {
            node.put("summary", context.summary());
        }
        node.put("cut_through", context.cutThrough());
        if (context.learnedLimit() != null) {
            node.put("learned_limit", context.learnedLimit());
        }
        node.put("measured_tokens", context.measuredTokens());
        node.put("measured_through", context.measuredThrough());
        node.put("compacted_at", context.compactedAt());
        node.put("too_long_in_a_row", context.tooLongInARow());
    }

    private static RunState.Context readContext(JsonNode node) {
        if (node == null || node.isNull()) {
            return RunState.Context.NONE;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("the run state's \"context\" must be an object");
        }
        JsonNode limit = node.get("learned_limit");
        return new RunState.Context(node.path("task").asInt(-1), node.path("kept_from").asInt(), text(node, "summary"),
                node.path("cut_through").asInt(), limit == null || limit.isNull() ? null : limit.asInt(),
                node.path("measured_tokens").asLong(), node.path("measured_through").asInt(),
                node.path("compacted_at").asInt(), node.path("too_long_in_a_row").asInt());
    }

    private static List<RunState.CallState> readCalls(JsonNode nodes, List<Message> transcript) {
        if (nodes.isEmpty()) {
            return List.of();
        }
        Map<String, ToolCall> byId = new LinkedHashMap<>();
        for (int i = transcript.size() - 1; i >= 0; i--) {
            if (transcript.get(i) instanceof AssistantMessage assistant && assistant.hasToolCalls()) {
                assistant.toolCalls().forEach(call -> byId.put(call.id(), call));
                break;
            }
        }
        List<RunState.CallState> calls = new ArrayList<>();
        for (JsonNode node : nodes) {
            String id = text(node, "id");
            ToolCall call = byId.get(id);
            if (call == null) {
                throw new IllegalArgumentException("the run state's call '" + id
                        + "' is not among the calls of the transcript's last assistant message");
            }
            RunState.CallState.Phase phase;
            try {
                phase = RunState.CallState.Phase.valueOf(text(node, "phase"));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("the run state's call '" + id + "' has no known phase");
            }
            ToolResult result = node.has("content")
                    ? new ToolResult(text(node, "content"), node.path("error").asBoolean()) : null;
            calls.add(new RunState.CallState(call, phase, result));
        }
        return calls;
    }

    private static void writeUsage(ObjectNode node, Usage usage) {
        putCount(node, "prompt_tokens", usage.promptTokens());
        putCount(node, "completion_tokens", usage.completionTokens());
        putCount(node, "cached_tokens", usage.cachedTokens());
        putCount(node, "cache_write_tokens", usage.cacheWriteTokens());
        putCount(node, "reasoning_tokens", usage.reasoningTokens());
    }

    private static void putCount(ObjectNode node, String name, Long count) {
        if (count != null) {
            node.put(name, count);
        }
    }

    private static Usage readUsage(JsonNode node) {
        return new Usage(count(node, "prompt_tokens"), count(node, "completion_tokens"), count(node, "cached_tokens"),
                count(node, "cache_write_tokens"), count(node, "reasoning_tokens"));
    }

    private static Long count(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value.asLong();
    }

    private static RunOutcome outcome(String name) {
        try {
            return RunOutcome.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the run state's outcome '" + name + "' is unknown");
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

}
