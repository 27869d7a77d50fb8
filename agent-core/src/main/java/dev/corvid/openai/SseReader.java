package dev.corvid.openai;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads the data of server-sent events from a byte stream: joins {@code data:} lines, skips comments
 * ({@code : keep-alive}) and other fields, copes with lines split across reads and with CRLF, and hands
 * over a last event that the stream ended without a blank line. Not thread-safe: one reader per response.
 *
 * <p>An event's data is handed over as a slice of the reader's own buffer, valid until the next call of
 * {@link #next()}, so the common event of one {@code data:} line is never copied.
 */
final class SseReader {

    private static final int NO_DATA = -1;
    private static final int JOINED = -2;

    private final InputStream in;
    private byte[] buffer = new byte[4096];
    private int position;
    private int limit;
    /** Where the pending data line starts in the buffer, or {@link #NO_DATA}, or {@link #JOINED}. */
    private int dataStart = NO_DATA;
    private int dataEnd;
    /** The data of an event of several {@code data:} lines, joined by newlines. */
    private byte[] joined;
    private int joinedLength;
    private byte[] eventBytes;
    private int eventOffset;
    private int eventLength;

    SseReader(InputStream in) {
        this.in = in;
    }

    /**
     * Reads up to the end of the next event that has data.
     *
     * @return whether there is one; its data is then in {@link #bytes()} from {@link #offset()} for
     *     {@link #length()} bytes
     * @throws IOException when reading fails, including a read that timed out
     */
    boolean next() throws IOException {
        while (true) {
            int newline = indexOfNewline();
            if (newline < 0) {
                if (!fill()) {
                    if (position < limit) {
                        line(position, limit);
                        position = limit;
                    }
                    return dispatch();
                }
                continue;
            }
            int start = position;
            int end = newline > start && buffer[newline - 1] == '\r' ? newline - 1 : newline;
            position = newline + 1;
            if (end == start) {
                if (dispatch()) {
                    return true;
                }
            } else {
                line(start, end);
            }
        }
    }

    /** Returns the array that holds the current event's data. */
    byte[] bytes() {
        return eventBytes;
    }

    /** Returns where the current event's data starts in {@link #bytes()}. */
    int offset() {
        return eventOffset;
    }

    /** Returns the length of the current event's data. */
    int length() {
        return eventLength;
    }

    private int indexOfNewline() {
        for (int i = position; i < limit; i++) {
            if (buffer[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Takes one non-empty line: a {@code data:} field is kept, anything else is ignored. */
    private void line(int start, int end) {
        if (buffer[start] == ':' || !isData(start, end)) {
            return;
        }
        int value = start + 5;
        if (value < end && buffer[value] == ' ') {
            value++;
        }
        if (dataStart == NO_DATA) {
            dataStart = value;
            dataEnd = end;
            return;
        }
        if (dataStart != JOINED) {
            joinedLength = 0;
            append(buffer, dataStart, dataEnd - dataStart);
            dataStart = JOINED;
        }
        append(new byte[] {'\n'}, 0, 1);
        append(buffer, value, end - value);
    }

    private boolean isData(int start, int end) {
        return end - start >= 5 && buffer[start] == 'd' && buffer[start + 1] == 'a' && buffer[start + 2] == 't'
                && buffer[start + 3] == 'a' && buffer[start + 4] == ':';
    }

    private void append(byte[] source, int offset, int count) {
        if (joined == null || joinedLength + count > joined.length) {
            joined = Arrays.copyOf(joined == null ? new byte[0] : joined,
                    Math.max(joined == null ? 1024 : joined.length * 2, joinedLength + count));
        }
        System.arraycopy(source, offset, joined, joinedLength, count);
        joinedLength += count;
    }

    /** Makes the pending data the current event; returns false when there is none. */
    private boolean dispatch() {
        if (dataStart == NO_DATA) {
            return false;
        }
        if (dataStart == JOINED) {
            eventBytes = joined;
            eventOffset = 0;
            eventLength = joinedLength;
        } else {
            eventBytes = buffer;
            eventOffset = dataStart;
            eventLength = dataEnd - dataStart;
        }
        dataStart = NO_DATA;
        return true;
    }

    /**
     * Reads more bytes, first moving the unread part (and a pending data line) to the front of the buffer,
     * and growing it when a line fills it whole.
     *
     * @return false at the end of the stream
     */
    private boolean fill() throws IOException {
        int keep = dataStart >= 0 ? Math.min(dataStart, position) : position;
        if (keep > 0) {
            System.arraycopy(buffer, keep, buffer, 0, limit - keep);
            limit -= keep;
            position -= keep;
            if (dataStart >= 0) {
                dataStart -= keep;
                dataEnd -= keep;
            }
        }
        if (limit == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        int read = in.read(buffer, limit, buffer.length - limit);
        if (read <= 0) {
            return false;
        }
        limit += read;
        return true;
    }
}
