package dev.corvid.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.corvid.model.AssistantMessage;
import dev.corvid.model.ModelResponse;
import dev.corvid.model.StreamListener;
import dev.corvid.model.ToolCall;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class StreamSplitTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A stream whose first read ends at the split, as a network would deliver two segments. */
    private static InputStream splitAt(byte[] bytes, int split) {
        return new InputStream() {
            private int position;

            @Override
            public int read() {
                return position < bytes.length ? bytes[position++] & 0xff : -1;
            }

            @Override
            public int read(byte[] target, int offset, int length) {
                if (position >= bytes.length) {
                    return -1;
                }
                int end = position < split ? split : bytes.length;
                int count = Math.min(length, end - position);
                System.arraycopy(bytes, position, target, offset, count);
                position += count;
                return count;
            }
        };
    }

    @Test
    void aStreamSplitAtEveryByteIsAssembledTheSame() throws Exception {
        AssistantMessage message = new AssistantMessage("Let me check — ✓.", "Thinking about Zürich", null, List.of(
                ToolCall.of("call_1", "weather", "{\"city\":\"Zürich\"}"), ToolCall.of("call_2", "add", "{\"a\":2,\"b\":3}")),
                Map.of());
        byte[] bytes = StreamChunks.wireBytes(StreamChunks.of(message));
        Exchange exchange = new Exchange(null, JSON, ModelProfile.DEFAULT);
        ErrorParser errors = new ErrorParser(JSON, null);
        for (int split = 1; split < bytes.length; split++) {
            StringBuilder streamed = new StringBuilder();
            StreamListener listener = new StreamListener() {
                @Override
                public void onTextDelta(String text) {
                    streamed.append(text);
                }
            };
            ModelResponse response = exchange.readStream(splitAt(bytes, split),
                    new ResponseReader(listener, ModelProfile.DEFAULT, errors, JSON), null);
            assertEquals(message.text(), response.message().text(), "split at byte " + split);
            assertEquals(message.reasoning(), response.message().reasoning(), "split at byte " + split);
            assertEquals(message.toolCalls(), response.message().toolCalls(), "split at byte " + split);
            assertEquals(message.text(), streamed.toString(), "split at byte " + split);
        }
    }
}
