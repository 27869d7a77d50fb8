package dev.corvid.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseReaderTest {

    /** Reads every event's data, the stream delivered a few bytes per read. */
    private static List<String> events(String stream, int bytesPerRead) throws IOException {
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        InputStream in = new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] target, int offset, int length) {
                return super.read(target, offset, Math.min(length, bytesPerRead));
            }
        };
        SseReader reader = new SseReader(in);
        List<String> events = new ArrayList<>();
        while (reader.next()) {
            events.add(new String(reader.bytes(), reader.offset(), reader.length(), StandardCharsets.UTF_8));
        }
        return events;
    }

    @Test
    void eachEventIsHandedOverWhateverTheReadSize() throws IOException {
        String stream = "data: {\"a\":1}\n\n: keep-alive\n\ndata:{\"b\":2}\r\n\r\nevent: x\nid: 7\ndata: [DONE]\n\n";
        for (int size = 1; size <= stream.length(); size++) {
            assertEquals(List.of("{\"a\":1}", "{\"b\":2}", "[DONE]"), events(stream, size), "reads of " + size);
        }
    }

    @Test
    void dataLinesOfOneEventAreJoinedByNewlines() throws IOException {
        for (int size = 1; size <= 8; size++) {
            assertEquals(List.of("first\nsecond\nthird", "next"),
                    events("data: first\ndata: second\ndata:third\n\ndata: next\n\n", size));
        }
    }

    @Test
    void aLineLongerThanTheBufferIsReadWhole() throws IOException {
        String big = "x".repeat(20_000);
        assertEquals(List.of(big, "after"), events("data: " + big + "\n\ndata: after\n\n", 3_000));
        assertEquals(List.of(big + "\n" + big), events("data: " + big + "\ndata: " + big + "\n\n", 5_000));
    }

    @Test
    void theLastEventCountsWithoutItsBlankLineOrNewline() throws IOException {
        assertEquals(List.of("one", "two"), events("data: one\n\ndata: two", 4));
        assertEquals(List.of("one"), events("data: one\n", 64));
    }

    @Test
    void eventsWithoutDataAndCommentsAreSkipped() throws IOException {
        assertEquals(List.of(), events(": OPENROUTER PROCESSING\n\nevent: ping\n\n\n\n", 5));
        assertEquals(List.of("", "x"), events("data:\n\ndata: x\n\n", 2));
    }
}
