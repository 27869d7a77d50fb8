package dev.corvid.openai;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads the data of server-sent events from a byte stream: joins {@code data:} lines, skips comments
 * ({@code : keep-alive}) and other fields, copes with lines split across reads and with CRLF, and hands
 * over a last event that the stream ended without a blank line. Not thread-safe: one reader per response.
 */
final class SseReader {

    private final InputStream in;
    private final byte[] buffer = new byte[8192];
    private int position;
    private int limit;
    private byte[] line = new byte[1024];
    private int lineLength;
    private byte[] data = new byte[1024];
    private int dataLength = -1;

    SseReader(InputStream in) {
        this.in = in;
    }

    /**
     * Returns the data of the next event, or null at the end of the stream.
     *
     * @throws IOException when reading fails, including a read that timed out
     */
    byte[] next() throws IOException {
        while (true) {
            if (!readLine()) {
                return takeData();
            }
            int end = lineLength;
            if (end > 0 && line[end - 1] == '\r') {
                end--;
            }
            if (end == 0) {
                byte[] event = takeData();
                if (event != null) {
                    return event;
                }
            } else if (line[0] == ':') {
                continue;
            } else if (startsWith(line, end, "data:")) {
                int start = 5;
                if (start < end && line[start] == ' ') {
                    start++;
                }
                appendData(start, end);
            }
        }
    }

    private boolean readLine() throws IOException {
        lineLength = 0;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return lineLength > 0;
                }
            }
            int newline = -1;
            for (int i = position; i < limit; i++) {
                if (buffer[i] == '\n') {
                    newline = i;
                    break;
                }
            }
            int end = newline < 0 ? limit : newline;
            appendLine(end);
            if (newline >= 0) {
                position = newline + 1;
                return true;
            }
            position = limit;
        }
    }

    private void appendLine(int end) {
        int count = end - position;
        if (lineLength + count > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + count));
        }
        System.arraycopy(buffer, position, line, lineLength, count);
        lineLength += count;
    }

    private void appendData(int start, int end) {
        int count = end - start;
        int needed = Math.max(dataLength, 0) + count + 1;
        if (needed > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, needed));
        }
        if (dataLength < 0) {
            dataLength = 0;
        } else {
            data[dataLength++] = '\n';
        }
        System.arraycopy(line, start, data, dataLength, count);
        dataLength += count;
    }

    private byte[] takeData() {
        if (dataLength < 0) {
            return null;
        }
        byte[] event = Arrays.copyOf(data, dataLength);
        dataLength = -1;
        return event;
    }

    private static boolean startsWith(byte[] bytes, int length, String prefix) {
        if (length < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (bytes[i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
