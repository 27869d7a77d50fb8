package dev.corvid.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.model.AssistantMessage;
import dev.corvid.model.Message;
import dev.corvid.model.Transcript;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files store: the shared behaviour, plus files cut off mid-write and files edited by hand. */
class FileSessionStoreTest implements SessionStoreContract, SessionRunContract {

    @TempDir
    static Path scratch;

    private static FileSessionStore store;

    @BeforeAll
    static void open() {
        store = new FileSessionStore(scratch.resolve("sessions"));
    }

    @Override
    public SessionStore store() {
        return store;
    }

    @Override
    public String childStore() {
        return "file:" + store.directory();
    }

    @Override
    public Path scratch() {
        return scratch;
    }

    private static Path file(Session session) {
        return store.directory().resolve(session.id() + ".jsonl");
    }

    @Test
    void eachMessageIsOneLineInTheShapeOfTheTranscript() throws Exception {
        Session session = store.create("/ws");
        session.append(SessionStoreContract.turn("Line one\nline two"), null);
        List<String> lines = Files.readAllLines(file(session));
        assertEquals(4, lines.size());
        List<Message> parsed = new ArrayList<>();
        for (String line : lines) {
            parsed.add(Transcript.messageFromJson(line));
        }
        assertEquals(SessionStoreContract.turn("Line one\nline two"), parsed);
        assertEquals(Transcript.toJson(SessionStoreContract.turn("Line one\nline two")), "[" + String.join(",", lines) + "]");
    }

    @Test
    void aFileCutOffMidWriteLoadsUpToItsLastCompleteLineWithAWarning() throws Exception {
        Session session = store.create("/ws");
        session.append(List.of(Message.user("kept"), AssistantMessage.of("kept too")), null);
        String partial = Transcript.toJson(AssistantMessage.of("this line was cut off"));
        Files.writeString(file(session), partial.substring(0, partial.length() / 2), StandardOpenOption.APPEND);
        List<String> warnings = new ArrayList<>();
        Logger logger = Logger.getLogger(FileSessionStore.class.getName());
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                warnings.add(record.getLevel() + " " + record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        Session loaded;
        try {
            loaded = store.load(session.id()).orElseThrow();
        } finally {
            logger.removeHandler(handler);
        }
        assertEquals(List.of(Message.user("kept"), AssistantMessage.of("kept too")), loaded.messages());
        assertTrue(warnings.stream().anyMatch(warning -> warning.startsWith("WARNING") && warning.contains("cut off")),
                "warnings: " + warnings);

        loaded.append(List.of(Message.user("after the cut")), null);
        assertEquals(List.of(Message.user("kept"), AssistantMessage.of("kept too"), Message.user("after the cut")),
                store.load(session.id()).orElseThrow().messages());
        assertEquals(3, Files.readAllLines(file(session), StandardCharsets.UTF_8).size());
    }

    @Test
    void aDamagedCompleteLineIsReportedWithItsNumber() throws Exception {
        Session session = store.create("/ws");
        session.append(List.of(Message.user("fine")), null);
        Files.writeString(file(session), "{\"role\":\"wizard\"}\n", StandardOpenOption.APPEND);
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> store.load(session.id()));
        assertTrue(failure.getMessage().contains("line 2") && failure.getMessage().contains("repair or delete"),
                failure.getMessage());
    }

    @Test
    void aSessionWhoseInfoFileIsGoneStillLoads() throws Exception {
        Session session = store.create("/ws");
        session.append(List.of(Message.user("task"), AssistantMessage.of("answer")), null);
        Files.delete(store.directory().resolve(session.id() + ".json"));
        Session loaded = store.load(session.id()).orElseThrow();
        assertEquals(2, loaded.messages().size());
        assertEquals("task", loaded.info().firstTask());
        assertEquals(1, loaded.info().turns());
    }

    @Test
    void aFileRewrittenByHandAfterAnAppendIsCountedAgainFromItsStart() throws Exception {
        Session session = store.create("/ws");
        session.append(List.of(Message.user("a"), AssistantMessage.of("b")), null);
        // Same file, longer, other lines: the store must not take it for the old file with lines added.
        Files.writeString(file(session), String.join("\n", Transcript.toJson(Message.user("rewritten one")),
                Transcript.toJson(Message.user("two")), Transcript.toJson(Message.user("three"))) + "\n");
        assertThrows(SessionConflictException.class, () -> store.append(session.id(), 2, List.of(Message.user("x")), null));
        store.append(session.id(), 3, List.of(Message.user("four")), null);
        assertEquals(List.of(Message.user("rewritten one"), Message.user("two"), Message.user("three"),
                Message.user("four")), store.load(session.id()).orElseThrow().messages());
    }

    @Test
    void linesAnotherWriterAppendedAreCountedAfterThisStoresOwnAppend() throws Exception {
        Session session = store.create("/ws");
        session.append(List.of(Message.user("mine")), null);
        FileSessionStore other = new FileSessionStore(store.directory());
        other.append(session.id(), 1, List.of(AssistantMessage.of("theirs"), Message.user("theirs too")), null);
        assertThrows(SessionConflictException.class, () -> store.append(session.id(), 1, List.of(Message.user("x")), null));
        assertEquals(4, store.append(session.id(), 3, List.of(Message.user("mine again")), null).version());
    }
}
