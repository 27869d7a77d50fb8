package dev.corvid.tools;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reading and writing text files so that what was there survives: UTF-8 only, a byte order mark kept,
 * the file's line endings kept, and writes that never leave a half-written file behind.
 */
final class TextFiles {

    /** How much of a file is probed for NUL bytes to tell binary from text, as git does. */
    static final int BINARY_PROBE_BYTES = 8192;

    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private TextFiles() {
    }

    /**
     * A decoded text file.
     *
     * @param text the content without the byte order mark, line endings as in the file
     * @param bom whether the file starts with a UTF-8 byte order mark
     */
    record Text(String text, boolean bom) {

        /** Returns the line ending most lines use: {@code "\r\n"} when CRLF outnumbers bare LF, else {@code "\n"}. */
        String lineEnding() {
            return dominantLineEnding(text);
        }
    }

    /** Returns whether the bytes look binary: a NUL byte among the first 8 KiB. */
    static boolean isBinary(byte[] bytes, int length) {
        int end = Math.min(length, BINARY_PROBE_BYTES);
        for (int i = 0; i < end; i++) {
            if (bytes[i] == 0) {
                return true;
            }
        }
        return false;
    }

    /** Returns words for the model explaining that a file is binary, with a hint for UTF-16 text. */
    static String binaryMessage(String display, String tool) {
        return display + " is a binary file (it has NUL bytes), so " + tool + " does not handle it; if it is text "
                + "in UTF-16 or another encoding, convert it with run_shell (e.g. iconv), or inspect it with "
                + "run_shell and a tool such as 'file' or 'xxd'";
    }

    /** Returns whether bytes start with the UTF-8 byte order mark. */
    static boolean hasBom(byte[] bytes) {
        return bytes.length >= 3 && bytes[0] == UTF8_BOM[0] && bytes[1] == UTF8_BOM[1] && bytes[2] == UTF8_BOM[2];
    }

    /** Reads the first bytes of a stream, up to the binary probe size. */
    static byte[] probe(InputStream in) throws IOException {
        return in.readNBytes(BINARY_PROBE_BYTES);
    }

    /**
     * Decodes a whole file strictly as UTF-8.
     *
     * @throws IllegalArgumentException when the file is binary or not valid UTF-8, in words for the model
     */
    static Text decode(byte[] bytes, String display, String tool) {
        if (isBinary(bytes, bytes.length)) {
            throw new IllegalArgumentException(binaryMessage(display, tool));
        }
        boolean bom = hasBom(bytes);
        int start = bom ? 3 : 0;
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw new IllegalArgumentException(display + " is not valid UTF-8 (bad byte at offset " + in.position()
                    + "); " + tool + " only changes UTF-8 text so that it cannot corrupt the file. Convert it with "
                    + "run_shell (e.g. iconv -f latin1 -t utf-8) or edit it with run_shell");
        }
        out.flip();
        return new Text(out.toString(), bom);
    }

    /** Encodes text as UTF-8, with a byte order mark first when asked. */
    static byte[] encode(String text, boolean bom) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        if (!bom) {
            return body;
        }
        byte[] bytes = new byte[body.length + 3];
        System.arraycopy(UTF8_BOM, 0, bytes, 0, 3);
        System.arraycopy(body, 0, bytes, 3, body.length);
        return bytes;
    }

    /** Returns {@code "\r\n"} when CRLF line breaks outnumber bare LF ones, else {@code "\n"}. */
    static String dominantLineEnding(String text) {
        int crlf = 0;
        int lf = 0;
        for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
            if (i > 0 && text.charAt(i - 1) == '\r') {
                crlf++;
            } else {
                lf++;
            }
        }
        return crlf > lf ? "\r\n" : "\n";
    }

    /** Returns text with every line break, CRLF or LF, written as the given ending. */
    static String withLineEnding(String text, String ending) {
        String lf = text.replace("\r\n", "\n");
        return ending.equals("\n") ? lf : lf.replace("\n", ending);
    }

    /** Returns how many lines text has: a final line break does not start another line. */
    static int lineCount(String text) {
        if (text.isEmpty()) {
            return 0;
        }
        int count = 1;
        for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
            if (i + 1 < text.length()) {
                count++;
            }
        }
        return count;
    }

    /** Splits text into lines without their endings; a final line break does not add an empty line. */
    static List<String> lines(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        String[] parts = text.split("\r?\n", -1);
        int count = parts.length;
        if (text.endsWith("\n")) {
            count--;
        }
        return List.of(parts).subList(0, count);
    }

    /** Formats lines numbered like {@code cat -n}: the number right-aligned, a tab, the line. */
    static String numbered(List<String> lines, int firstNumber) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            appendNumbered(out, firstNumber + i, lines.get(i));
        }
        return out.toString();
    }

    static void appendNumbered(StringBuilder out, int number, String line) {
        if (out.length() > 0) {
            out.append('\n');
        }
        out.append(String.format(Locale.ROOT, "%6d\t", number)).append(line);
    }

    /** Formats a count and a noun that takes an "s" in the plural: {@code 1 line}, {@code 2,000 lines}. */
    static String count(long value, String noun) {
        return count(value) + " " + noun + (value == 1 ? "" : "s");
    }

    /** Formats a count with thousands separators, as the model reads best: {@code 12,345}. */
    static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /**
     * Replaces a file's content through a temporary file in the same directory and a move, so that a reader
     * never sees half of it. An existing file keeps its POSIX permissions.
     *
     * @param target a path whose parent exists; if it is a symbolic link, the link is replaced, never followed
     */
    static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path temporary = createTemporarySibling(target, bytes);
        try {
            keepPermissions(target, temporary);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Creates the temporary file itself, not with createTempFile, so that a new file gets the umask's permissions. */
    private static Path createTemporarySibling(Path target, byte[] bytes) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path temporary = target.resolveSibling("." + target.getFileName() + "."
                    + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".corvid-tmp");
            try {
                Files.write(temporary, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return temporary;
            } catch (FileAlreadyExistsException taken) {
                if (attempt == 10) {
                    throw taken;
                }
            } catch (IOException failed) {
                Files.deleteIfExists(temporary);
                throw failed;
            }
        }
    }

    private static void keepPermissions(Path original, Path replacement) throws IOException {
        PosixFileAttributeView from = Files.getFileAttributeView(original, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (from == null || !Files.isRegularFile(original, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.setPosixFilePermissions(replacement, from.readAttributes().permissions());
    }
}
