package dev.corvid.bench;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The baseline's SSE reader: splits the response into lines by hand, parses each {@code data:} payload as a
 * Jackson tree straight from the byte buffer, and assembles text and tool calls whose arguments arrive in
 * pieces. Not thread-safe; one per response.
 */
final class BaselineStream {

    private static final byte[] DATA = {'d', 'a', 't', 'a', ':'};
    private static final byte[] DONE = {'[', 'D', 'O', 'N', 'E', ']'};

    private final StringBuilder text = new StringBuilder();
    private final List<String> ids = new ArrayList<>(2);
    private final List<String> names = new ArrayList<>(2);
    private final List<StringBuilder> arguments = new ArrayList<>(2);
    private boolean sawText;

    private BaselineStream() {
    }

    /** Reads a whole SSE response up to {@code data: [DONE]} or its end. */
    static BaselineClient.ModelTurn read(InputStream in, JsonMapper mapper) throws IOException {
        BaselineStream turn = new BaselineStream();
        byte[] buffer = new byte[8192];
        int start = 0;
        int end = 0;
        while (true) {
            int newline = indexOfNewline(buffer, start, end);
            if (newline < 0) {
                if (start > 0) {
                    System.arraycopy(buffer, start, buffer, 0, end - start);
                    end -= start;
                    start = 0;
                }
                if (end == buffer.length) {
                    buffer = Arrays.copyOf(buffer, buffer.length * 2);
                }
                int read = in.read(buffer, end, buffer.length - end);
                if (read < 0) {
                    return turn.assemble();
                }
                end += read;
                continue;
            }
            int lineEnd = newline > start && buffer[newline - 1] == '\r' ? newline - 1 : newline;
            if (startsWith(buffer, start, lineEnd, DATA)) {
                int payload = start + DATA.length;
                if (payload < lineEnd && buffer[payload] == ' ') {
                    payload++;
                }
                if (Arrays.equals(buffer, payload, lineEnd, DONE, 0, DONE.length)) {
                    return turn.assemble();
                }
                turn.accept(mapper.readTree(buffer, payload, lineEnd - payload));
            }
            start = newline + 1;
        }
    }

    private void accept(JsonNode chunk) {
        JsonNode choices = chunk.path("choices");
        if (choices.isEmpty()) {
            return;
        }
        JsonNode delta = choices.get(0).path("delta");
        JsonNode content = delta.get("content");
        if (content != null && content.isString()) {
            text.append(content.stringValue());
            sawText = true;
        }
        for (JsonNode call : delta.path("tool_calls")) {
            int index = call.path("index").asInt(0);
            while (ids.size() <= index) {
                ids.add(null);
                names.add(null);
                arguments.add(new StringBuilder());
            }
            JsonNode id = call.get("id");
            if (id != null && id.isString()) {
                ids.set(index, id.stringValue());
            }
            JsonNode function = call.path("function");
            JsonNode name = function.get("name");
            if (name != null && name.isString()) {
                names.set(index, name.stringValue());
            }
            JsonNode piece = function.get("arguments");
            if (piece != null && piece.isString()) {
                arguments.get(index).append(piece.stringValue());
            }
        }
    }

    private BaselineClient.ModelTurn assemble() {
        List<BaselineClient.ToolCall> calls = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            calls.add(new BaselineClient.ToolCall(ids.get(i), names.get(i), arguments.get(i).toString()));
        }
        return new BaselineClient.ModelTurn(sawText && text.length() > 0 ? text.toString() : null, calls);
    }

    private static int indexOfNewline(byte[] buffer, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buffer[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] buffer, int from, int to, byte[] prefix) {
        return to - from >= prefix.length && Arrays.equals(buffer, from, from + prefix.length, prefix, 0, prefix.length);
    }
}
