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
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A {@link SessionStore} in a directory: per session, {@code <id>.jsonl} holds one message a line in the
 * shape of {@link Transcript#toJson(Message)}, and {@code <id>.json} its info.
 *
 * <p>Messages are only ever appended, each batch under a file lock, so several processes can share the
 * directory. A file cut off in the middle of a line (the process was killed while writing) loads up to its
 * last complete line, with a warning, and the next append drops the partial line. A session's version is
 * the number of complete lines. Thread-safe.
 */
public final class FileSessionStore implements SessionStore {

    private static final System.Logger LOG = System.getLogger(FileSessionStore.class.getName());
    private static final JsonMapper JSON = JsonMapper.builder().build();
    // A JVM may hold only one lock on a file; threads of one process queue here before taking it.
    private static final ConcurrentHashMap<Path, Object> MONITORS = new ConcurrentHashMap<>();

    private final Path directory;
    private final Clock clock;

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
        String text = new String(bytes, 0, complete, StandardCharsets.UTF_8);
        int lineNumber = 0;
        for (String line : text.split("\n", -1)) {
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
        long lines = countLines(bytes, complete);
        SessionInfo stored = readInfo(id, lines);
        // The messages file is the truth: its info may lag when a process died between the two writes.
        SessionInfo info = new SessionInfo(id, stored.workspace(), stored.firstTask(), stored.created(),
                stored.updated(), 0, 0, stored.cost(), 0)
                .appended(loaded, null, stored.updated(), lines);
        return Optional.of(new Session(this, info, loaded));
    }

    @Override
    public List<SessionInfo> list() {
        List<SessionInfo> infos = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.json")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String id = name.substring(0, name.length() - ".json".length());
                if (SessionInfo.isId(id) && Files.isRegularFile(messages(id))) {
                    try {
                        byte[] bytes = Files.readAllBytes(messages(id));
                        infos.add(readInfo(id, countLines(bytes, completeLength(bytes))));
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
            try {
                boolean existed = Files.deleteIfExists(messages(id));
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
        StringBuilder lines = new StringBuilder();
        for (Message message : added) {
            lines.append(Transcript.toJson(message)).append('\n');
        }
        synchronized (monitor(id)) {
            try (FileChannel channel = FileChannel.open(messages(id), StandardOpenOption.READ, StandardOpenOption.WRITE);
                 FileLock lock = channel.lock()) {
                byte[] bytes = readAll(channel);
                int complete = completeLength(bytes);
                long version = countLines(bytes, complete);
                if (version != expectedVersion) {
                    throw new SessionConflictException(id, expectedVersion, version);
                }
                if (complete < bytes.length) {
                    LOG.log(System.Logger.Level.WARNING, "session " + id + " ended in a line cut off while it was "
                            + "written; the partial line is dropped before appending");
                    channel.truncate(complete);
                }
                channel.position(complete);
                ByteBuffer buffer = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(false);
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
        Path target = info(info.id());
        Path temporary = directory.resolve(info.id() + ".json.tmp");
        Files.writeString(temporary, JSON.writeValueAsString(node));
        try {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static byte[] readAll(FileChannel channel) throws IOException {
        long size = channel.size();
        if (size > Integer.MAX_VALUE - 16) {
            throw new IOException("session file too large: " + size + " bytes");
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) size);
        channel.position(0);
        while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
            // read until full
        }
        return buffer.array();
    }

    /** Returns the length of the bytes up to and including the last line break. */
    private static int completeLength(byte[] bytes) {
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        return end;
    }

    private static long countLines(byte[] bytes, int length) {
        long lines = 0;
        for (int i = 0; i < length; i++) {
            if (bytes[i] == '\n') {
                lines++;
            }
        }
        return lines;
    }
}
