package dev.corvid.tools;

import dev.corvid.model.ToolCall;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Describes what a call of a changing tool would do, for the person asked to approve it. Stateless. */
final class CallPreview {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private CallPreview() {
    }

    /**
     * Returns what the call would do, or empty; see {@link CodingTools#preview(ToolCall)}.
     *
     * @param shellTimeout the timeout a command gets for the {@code timeout_seconds} the model asked for
     */
    static Optional<String> of(ToolCall call, FileChanges changes, Function<Integer, Duration> shellTimeout,
                               Path root) {
        JsonNode arguments;
        try {
            arguments = JSON.readTree(call.arguments());
        } catch (JacksonException unparsable) {
            return Optional.empty();
        }
        if (arguments == null || !arguments.isObject()) {
            return Optional.empty();
        }
        try {
            return switch (call.name()) {
                case "write_file" -> Optional.of(changes.previewWrite(text(arguments, "path"),
                        text(arguments, "content")));
                case "edit_file" -> Optional.of(changes.previewEdit(text(arguments, "path"),
                        text(arguments, "old_text"), text(arguments, "new_text"),
                        arguments.path("replace_all").asBoolean(false)));
                case "run_shell" -> {
                    JsonNode seconds = arguments.path("timeout_seconds");
                    Duration timeout = shellTimeout.apply(seconds.isNumber() ? seconds.asInt() : null);
                    yield Optional.of("$ " + text(arguments, "command") + "\n(in " + root
                            + ", stopped after " + ShellRunner.seconds(timeout) + ")");
                }
                default -> Optional.empty();
            };
        } catch (IOException | RuntimeException willFail) {
            return Optional.empty();
        }
    }

    private static String text(JsonNode arguments, String name) {
        JsonNode value = arguments.get(name);
        if (value == null || !value.isString()) {
            throw new IllegalArgumentException(name + " is missing");
        }
        return value.asString();
    }
}
