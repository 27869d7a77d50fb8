package dev.corvid.session;

import dev.corvid.model.Cost;
import dev.corvid.model.Message;
import dev.corvid.model.Transcript;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A {@link SessionStore} in a directory: per session, {@code <id>.jsonl} holds one message a line in the
 * shape of {@link Transcript#toJson(Message)}, {@code <id>.json} its info, and {@code <id>.compaction.json}
 * its compaction once a run compacted it.
 *
 * <p>Messages are only ever appended, each batch under a file lock, so several processes can share the
 * directory. A file cut off in the middle of a line (the process was killed while writing) loads up to its
 * last complete line, with a warning, and the next append drops the partial line. A session's version is
 * the number of complete lines. An append reads only what other writers added since this store's last
 * append to the session, so a long session costs no more per turn than a short one. Thread-safe.
 */
public final class FileSessionStore implements SessionStore {

    private static final System.Logger LOG = System.getLogger(FileSessionStore.class.getName());
    private static final JsonMapper JSON = JsonMapper.builder().build();
    // A JVM may hold only one lock on a file; threads of one process queue here before taking it.
    private static final ConcurrentHashMap<Path, Object> MONITORS = new ConcurrentHashMap<>();

    /** Bytes read at a time when a file is scanned for line breaks. */
    private static final int SCAN_CHUNK = 64 * 1024;
    /** How many bytes before a known end are kept to tell that the file was only appended to since. */
    private static final int MARK_LENGTH = 64;

    private final Path directory;
    private final Clock clock;
    /** Per session id, where its messages file ended after this store's last append. */
    private final ConcurrentHashMap<String, KnownEnd> knownEnds = new ConcurrentHashMap<>();

    /**
     * Creates a store in a directory, created when missing.
     *
     * @param directory where the sessions' files go; never null
     * @throws UncheckedIOException when the directory cannot be created
     */
    public FileSessionStore(Path directory) {
        this(directory, Clock.systemUTC());
    }

    FileSessionStore(Path directory, Clock clock) {
        if (directory == null) {
            throw new IllegalArgumentException("directory must not be null; for the corvid command it is $CORVID_HOME/sessions");
        }
        this.directory = directory.toAbsolutePath().normalize();
        this.clock = clock;
        try {
            Files.createDirectories(this.directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the session directory " + this.directory, e);
        }
    }

    /** {@return the directory the sessions' files are in} */
    public Path directory() {
        return directory;
    }

    @Override
    public Session create(String workspace) {
        SessionInfo info = SessionInfo.fresh(workspace, clock.instant());
        try {
            writeInfo(info);
            Files.write(messages(info.id()), new byte[0], StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create session " + info.id() + " in " + directory, e);
        }
        return new Session(this, info, List.of());
    }

    @Override
    public Optional<Session> load(String id) {
        if (!SessionInfo.isId(id) || !Files.isRegularFile(messages(id))) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(messages(id));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read session " + id, e);
        }
        List<Message> loaded = new ArrayList<>();
        int complete = completeLength(bytes);
        if (complete < bytes.length) {
            LOG.log(System.Logger.Level.WARNING, "session " + id + " ends in a line cut off while it was written ("
                    + (bytes.length - complete) + " bytes); it is loaded up to its last complete line");
        }
        // The text ends with a line break, or is empty: the piece after the last break is no line.
        String[] pieces = new String(bytes, 0, complete, StandardCharsets.UTF_8).split("\n", -1);
        long lines = pieces.length - 1;
        int lineNumber = 0;
        for (String line : pieces) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            try {
                loaded.add(Transcript.messageFromJson(line));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("line " + lineNumber + " of " + messages(id) + " is not a message ("
                        + e.getMessage() + "); repair or delete the file", e);
            }
        }
        SessionInfo stored = readInfo(id, lines);
        // The messages file is the truth: its info may lag when a process died between the two writes.
        SessionInfo info = new SessionInfo(id, stored.workspace(), stored.firstTask(), stored.created(),
                stored.updated(), 0, 0, stored.cost(), 0)
                .appended(loaded, null, stored.updated(), lines);
        return Optional.of(new Session(this, info, loaded, readCompaction(id)));
    }

    @Override
    public void saveCompaction(String id, SessionCompaction compaction) {
        if (compaction == null) {
            throw new IllegalArgumentException("compaction must not be null");
        }
        if (!SessionInfo.isId(id)) {
            throw new IllegalArgumentException("no session '" + id + "' in " + directory);
        }
        synchronized (monitor(id)) { // not beside a delete of this process, which would leave it orphaned
            if (!Files.isRegularFile(messages(id))) {
                throw new IllegalArgumentException("no session '" + id + "' in " + directory);
            }
            try {
                replace(compaction(id), compaction.toJson());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot save the compaction of session " + id, e);
            }
        }
    }

    /** Reads a session's compaction; null when it has none or its file is damaged, which costs a summary. */
    private SessionCompaction readCompaction(String id) {
        try {
            return SessionCompaction.fromJson(Files.readString(compaction(id)));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, "the compaction of session " + id + " cannot be read (" + e
                    + "); its next run compacts afresh when it needs to");
            return null;
        }
    }

    @Override
    public List<SessionInfo> list() {
        List<SessionInfo> infos = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.json")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String id = name.substring(0, name.length() - ".json".length());
                if (SessionInfo.isId(id) && Files.isRegularFile(messages(id))) {
                    try (FileChannel channel = FileChannel.open(messages(id), StandardOpenOption.READ)) {
                        infos.add(readInfo(id, scan(channel, null, null).count()));
                    } catch (IOException | RuntimeException e) {
                        // A session deleted meanwhile or an unreadable info file: list the others.
                        LOG.log(System.Logger.Level.DEBUG, "session " + id + " left out of the list: " + e);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the sessions in " + directory, e);
        }
        infos.sort(Comparator.comparing(SessionInfo::updated).thenComparing(SessionInfo::id).reversed());
        return infos;
    }

    @Override
    public boolean delete(String id) {
        if (!SessionInfo.isId(id)) {
            return false;
        }
        synchronized (monitor(id)) {
            knownEnds.remove(id);
            try {
                boolean existed = Files.deleteIfExists(messages(id));
                Files.deleteIfExists(compaction(id));
                return Files.deleteIfExists(info(id)) || existed;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete session " + id, e);
            }
        }
    }

    @Override
    public SessionInfo append(String id, long expectedVersion, List<Message> added, Cost cost) {
        if (added == null) {
            throw new IllegalArgumentException("messages must not be null; pass List.of() for none");
        }
        if (!SessionInfo.isId(id) || !Files.isRegularFile(messages(id))) {
            throw new IllegalArgumentException("no session '" + id + "' in " + directory
                    + "; create one with store.create(workspace)");
        }
        StringBuilder text = new StringBuilder();
        for (Message message : added) {
            text.append(Transcript.toJson(message)).append('\n');
        }
        synchronized (monitor(id)) {
            try (FileChannel channel = FileChannel.open(messages(id), StandardOpenOption.READ, StandardOpenOption.WRITE);
                 FileLock lock = channel.lock()) {
                Object fileKey = Files.readAttributes(messages(id), BasicFileAttributes.class).fileKey();
                Lines lines = scan(channel, knownEnds.get(id), fileKey);
                long version = lines.count();
                if (version != expectedVersion) {
                    throw new SessionConflictException(id, expectedVersion, version);
                }
                if (lines.complete() < channel.size()) {
                    LOG.log(System.Logger.Level.WARNING, "session " + id + " ended in a line cut off while it was "
                            + "written; the partial line is dropped before appending");
                    channel.truncate(lines.complete());
                }
                channel.position(lines.complete());
                byte[] appended = text.toString().getBytes(StandardCharsets.UTF_8);
                ByteBuffer buffer = ByteBuffer.wrap(appended);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(false);
                long end = lines.complete() + appended.length;
                knownEnds.put(id, new KnownEnd(fileKey, end, version + added.size(), markBefore(channel, end)));
                SessionInfo before = readInfo(id, version);
                SessionInfo after = before.appended(added, cost, clock.instant(), version + added.size());
                writeInfo(after);
                return after;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot append to session " + id, e);
            }
        }
    }

    private Path messages(String id) {
        return directory.resolve(id + ".jsonl");
    }

    private Path info(String id) {
        return directory.resolve(id + ".json");
    }

    private Path compaction(String id) {
        return directory.resolve(id + ".compaction.json");
    }

    private Object monitor(String id) {
        return MONITORS.computeIfAbsent(messages(id), path -> new Object());
    }

    private SessionInfo readInfo(String id, long lines) {
        JsonNode node;
        try {
            node = JSON.readTree(Files.readString(info(id)));
        } catch (NoSuchFileException e) {
            // The messages file is all there is left: the session is still usable.
            Instant now = clock.instant();
            return new SessionInfo(id, null, null, now, now, (int) lines, 0, null, lines);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the info of session " + id, e);
        }
        return new SessionInfo(id, text(node, "workspace"), text(node, "firstTask"),
                Instant.parse(node.path("created").asString()), Instant.parse(node.path("updated").asString()),
                (int) lines, node.path("turns").asInt(0), SessionInfo.parseCost(text(node, "cost")), lines);
    }

    private void writeInfo(SessionInfo info) throws IOException {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", info.id());
        node.put("workspace", info.workspace());
        node.put("firstTask", info.firstTask());
        node.put("created", info.created().toString());
        node.put("updated", info.updated().toString());
        node.put("turns", info.turns());
        node.put("cost", info.cost() == null ? null : info.cost().toString());
        replace(info(info.id()), JSON.writeValueAsString(node));
    }

    /** Replaces a file's content at once: readers see the old text or the new, never a part. */
    private static void replace(Path target, String text) throws IOException {
        // A name of its own, so that writers of one file in other threads or processes never share it.
        Path temporary = Files.createTempFile(target.getParent(), target.getFileName() + ".", ".tmp");
        try {
            Files.writeString(temporary, text);
            try {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    /**
     * Where a messages file ended after an append: the file's identity (null where the file system has none),
     * the length, which ends with a line break, the lines up to there, and the bytes just before the end.
     */
    private record KnownEnd(Object fileKey, long length, long lines, byte[] mark) {
    }

    /** The complete lines of a messages file: how many, and the length up to and including the last break. */
    private record Lines(long count, long complete) {
    }

    /**
     * Counts a file's complete lines, starting from a known end when the file was only appended to since: the
     * same file, at least as long, with the same bytes before that end. Otherwise the whole file is read.
     */
    private static Lines scan(FileChannel channel, KnownEnd known, Object fileKey) throws IOException {
        long from = 0;
        long count = 0;
        if (known != null && fileKey != null && fileKey.equals(known.fileKey()) && known.length() <= channel.size()
                && Arrays.equals(known.mark(), markBefore(channel, known.length()))) {
            from = known.length();
            count = known.lines();
        }
        long complete = from;
        ByteBuffer buffer = ByteBuffer.allocate(SCAN_CHUNK);
        long position = from;
        for (int read; (read = channel.read(buffer.clear(), position)) > 0; position += read) {
            for (int i = 0; i < read; i++) {
                if (buffer.get(i) == '\n') {
                    count++;
                    complete = position + i + 1;
                }
            }
        }
        return new Lines(count, complete);
    }

    /** Reads the bytes just before an offset of a file, as many as {@link #MARK_LENGTH} or fewer at its start. */
    private static byte[] markBefore(FileChannel channel, long end) throws IOException {
        ByteBuffer mark = ByteBuffer.allocate((int) Math.min(MARK_LENGTH, end));
        long position = end - mark.capacity();
        while (mark.hasRemaining()) {
            int read = channel.read(mark, position + mark.position());
            if (read < 0) {
                break;
            }
        }
        return mark.array();
    }

    /** Returns the length of the bytes up to and including the last line break. */
    private static int completeLength(byte[] bytes) {
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        return end;
    }
}
