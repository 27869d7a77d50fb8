package dev.corvid.tools;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.SequenceInputStream;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Reads one page of a text file as numbered lines, streaming so that a file of any size (or a single
 * endless line) costs no more memory than the page: what {@code read_file} returns.
 */
final class PagedReader {

    /** Lines one call returns unless the model asks for fewer. */
    static final int DEFAULT_LIMIT = 2000;
    /** Characters shown of one line; the rest is replaced by a marker that counts them. */
    static final int MAX_LINE_CHARS = 2000;
    /** Characters one page may hold, so that many long lines cannot flood the model's context. */
    static final int MAX_PAGE_CHARS = 100_000;

    private final int offset;
    private final int limit;
    private final StringBuilder page = new StringBuilder();
    private final StringBuilder line = new StringBuilder();
    private long lineOverflow;
    private boolean lineEndsWithCarriageReturn;
    private int lineNumber;
    private int lastShown;
    private boolean pageFull;
    private boolean sawInvalidBytes;

    private PagedReader(int offset, int limit) {
        this.offset = offset;
        this.limit = limit;
    }

    /**
     * Returns a page of a file the model named, checking the path and the arguments as {@code read_file} does.
     *
     * @param path the file, relative to the workspace root
     * @param offset the first line, from 1; null for 1
     * @param limit how many lines at most; null for {@link #DEFAULT_LIMIT}
     * @throws IllegalArgumentException when an argument is out of range, or as {@link #read}
     */
    static String page(Workspace workspace, String path, Integer offset, Integer limit) throws IOException {
        Path file = workspace.resolveFile(path, "");
        int first = offset == null ? 1 : offset;
        int count = limit == null ? DEFAULT_LIMIT : limit;
        if (first < 1) {
            throw new IllegalArgumentException("offset must be 1 or more (the first line is 1), was " + first);
        }
        if (count < 1) {
            throw new IllegalArgumentException("limit must be 1 or more, was " + count);
        }
        String page = read(file, workspace.display(file), first, count);
        workspace.recheck(file);
        return page;
    }

    /**
     * Returns lines {@code offset .. offset + limit - 1} of a file, numbered, with a note on how to read on.
     *
     * @param file a resolved, confined path
     * @param display the path as the model names it
     * @throws IllegalArgumentException when the file is binary or the offset lies past its end
     */
    private static String read(Path file, String display, int offset, int limit) throws IOException {
        PagedReader reader = new PagedReader(offset, limit);
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] probe = TextFiles.probe(in);
            if (TextFiles.isBinary(probe, probe.length)) {
                throw new IllegalArgumentException(TextFiles.binaryMessage(display, "read_file"));
            }
            InputStream whole = new SequenceInputStream(new ByteArrayInputStream(probe), in);
            reader.scan(new InputStreamReader(whole, StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)));
        }
        return reader.result(display);
    }

    private void scan(Reader in) throws IOException {
        char[] buffer = new char[16384];
        boolean first = true;
        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
            int start = 0;
            if (first && read > 0) {
                first = false;
                // A byte order mark is not content; edit_file keeps it without showing it.
                start = buffer[0] == '\uFEFF' ? 1 : 0;
            }
            for (int i = start; i < read; i++) {
                char c = buffer[i];
                if (c == '\n') {
                    endLine();
                } else {
                    addToLine(c);
                }
            }
        }
        if (line.length() > 0 || lineOverflow > 0 || lineEndsWithCarriageReturn) {
            endLine();
        }
    }

    private void addToLine(char c) {
        if (lineEndsWithCarriageReturn) {
            // The held-back carriage return was not part of a CRLF: it is content.
            lineEndsWithCarriageReturn = false;
            addToLine('\r');
        }
        if (c == '\r') {
            lineEndsWithCarriageReturn = true;
            return;
        }
        if (c == '\uFFFD') {
            sawInvalidBytes = true;
        }
        if (line.length() < MAX_LINE_CHARS) {
            line.append(c);
        } else {
            lineOverflow++;
        }
    }

    private void endLine() {
        lineNumber++;
        if (lineNumber >= offset && lineNumber - offset < limit && !pageFull) {
            String text = lineOverflow == 0 ? line.toString()
                    : line + " [... line cut: " + TextFiles.count(lineOverflow) + " more characters]";
            if (page.length() + text.length() + 8 > MAX_PAGE_CHARS && lastShown > 0) {
                pageFull = true;
            } else {
                TextFiles.appendNumbered(page, lineNumber, text);
                lastShown = lineNumber;
            }
        }
        line.setLength(0);
        lineOverflow = 0;
        lineEndsWithCarriageReturn = false;
    }

    private String result(String display) {
        if (lineNumber == 0) {
            return "(" + display + " is empty)";
        }
        if (offset > lineNumber) {
            throw new IllegalArgumentException("offset " + offset + " is past the end of " + display + ", which has "
                    + TextFiles.count(lineNumber) + " lines; call read_file with an offset from 1 to " + lineNumber);
        }
        StringBuilder out = new StringBuilder(page);
        if (lastShown < lineNumber) {
            out.append("\n\n(showing lines ").append(offset).append('-').append(lastShown).append(" of ")
                    .append(TextFiles.count(lineNumber));
            if (pageFull) {
                out.append(", cut at ").append(TextFiles.count(MAX_PAGE_CHARS)).append(" characters");
            }
            out.append("; call read_file with offset=").append(lastShown + 1).append(" to read on)");
        } else if (offset > 1) {
            out.append("\n\n(showing lines ").append(offset).append('-').append(lastShown).append(" of ")
                    .append(TextFiles.count(lineNumber)).append("; end of file)");
        }
        if (sawInvalidBytes) {
            out.append("\n(").append(display).append(" has bytes that are not valid UTF-8, shown as \uFFFD; "
                    + "edit_file refuses to change such a file)");
        }
        return out.toString();
    }
}
