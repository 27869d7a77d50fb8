package dev.corvid.openai;

import dev.corvid.tool.ToolArguments;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * Makes the tool-call arguments of a history fit to send back: DashScope rejects a request whose history
 * holds arguments that are not a JSON object, which models do write (single quotes, double encoding, cut
 * off). Repairs read the arguments as every tool does, with {@link ToolArguments}. Thread-safe.
 */
final class HistoryArguments {

    private final JsonMapper mapper;

    HistoryArguments(JsonMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * Returns arguments as a JSON object string: as they are when valid, repaired when their meaning is
     * plain, {@code {}} otherwise. Some providers reject a history holding invalid arguments.
     */
    String valid(String arguments) {
        if (isJsonObject(arguments)) {
            return arguments;
        }
        try {
            return ToolArguments.parse(arguments).toString();
        } catch (IllegalArgumentException unrepairable) {
            return "{}";
        }
    }

    /** Returns whether the text is one JSON object and nothing else, checked without building a tree. */
    private boolean isJsonObject(String text) {
        try (JsonParser parser = mapper.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (JacksonException e) {
            return false;
        }
    }
}
