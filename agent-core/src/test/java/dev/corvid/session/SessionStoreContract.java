package dev.corvid.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.model.AssistantMessage;
import dev.corvid.model.Cost;
import dev.corvid.model.Message;
import dev.corvid.model.ToolCall;
import dev.corvid.model.ToolMessage;
import dev.corvid.model.UserMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SessionStore} does, run on each store by a subclass: append, load, list, delete, and
 * two writers that never interleave.
 */
interface SessionStoreContract {

    /** Returns the store under test; the same one for every test of a class. */
    SessionStore store();

    static String workspace() {
        return "/work/" + UUID.randomUUID();
    }

    static List<Message> turn(String task) {
        return List.of(Message.user(task + "\nmore detail"),
                AssistantMessage.ofToolCalls(List.of(ToolCall.of("c1", "read", "{\"path\":\"a b.txt\"}"))),
                new ToolMessage("c1", "read", "line one\nline \"two\"", true),
                new AssistantMessage("done", "thought about it", null, List.of(), java.util.Map.of()));
    }

    @Test
    default void aCreatedSessionIsEmptyListedAndLoadable() {
        String workspace = workspace();
        Session session = store().create(workspace);
        assertTrue(store().list().stream().anyMatch(info -> info.id().equals(session.id())));
        Session loaded = store().load(session.id()).orElseThrow();
        assertEquals(List.of(), loaded.messages());
        assertEquals(workspace, loaded.info().workspace());
        assertEquals(0, loaded.info().turns());
        assertEquals(null, loaded.info().firstTask());
    }

    @Test
    default void appendedMessagesLoadBackInOrderAndUnchanged() {
        Session session = store().create(workspace());
        session.append(turn("Fix the bug"), null);
        session.append(List.of(Message.user("and then?"), AssistantMessage.of("then nothing")), null);
        List<Message> expected = new ArrayList<>(turn("Fix the bug"));
        expected.add(Message.user("and then?"));
        expected.add(AssistantMessage.of("then nothing"));
        assertEquals(expected, store().load(session.id()).orElseThrow().messages());
        assertEquals(expected, session.messages());
    }

    @Test
    default void infoCountsTurnsAndCostAndKeepsTheFirstTaskLine() {
        Session session = store().create(workspace());
        long before = session.version();
        session.append(turn("Fix the bug"), Cost.of("0.0125", "USD"));
        assertNotEquals(before, session.version());
        session.append(List.of(Message.user("second task"), AssistantMessage.of("ok")), Cost.of("0.0075", "USD"));
        session.append(List.of(Message.user("third"), AssistantMessage.of("ok")), null);
        SessionInfo info = store().load(session.id()).orElseThrow().info();
        assertEquals("Fix the bug", info.firstTask());
        assertEquals(4, info.turns());
        assertEquals(8, info.messages());
        assertEquals(Cost.of("0.02", "USD"), info.cost());
        assertEquals(session.version(), info.version());
        SessionInfo listed = store().list().stream().filter(each -> each.id().equals(session.id())).findFirst().orElseThrow();
        assertEquals(4, listed.turns());
        assertEquals(Cost.of("0.02", "USD"), listed.cost());
        assertEquals("Fix the bug", listed.firstTask());
    }

    @Test
    default void listAndNewestShowTheMostRecentlyUpdatedSessionFirst() throws Exception {
        String workspace = workspace();
        Session older = store().create(workspace);
        Session newer = store().create(workspace);
        Thread.sleep(5); // distinct update times, also on stores that keep milliseconds
        older.append(List.of(Message.user("touched last")), null);
        List<String> ids = store().list().stream().map(SessionInfo::id)
                .filter(id -> id.equals(older.id()) || id.equals(newer.id())).toList();
        assertEquals(List.of(older.id(), newer.id()), ids);
        assertEquals(older.id(), store().newest(workspace).orElseThrow().id());
        assertTrue(store().newest(workspace()).isEmpty());
    }

    @Test
    default void deleteRemovesTheSessionAndItsMessages() {
        Session session = store().create(workspace());
        session.append(turn("Delete me"), null);
        assertTrue(store().delete(session.id()));
        assertTrue(store().load(session.id()).isEmpty());
        assertTrue(store().list().stream().noneMatch(info -> info.id().equals(session.id())));
        assertFalse(store().delete(session.id()));
    }

    @Test
    default void aCompactionIsKeptWithTheSessionThroughLaterAppendsUntilItIsDeleted() {
        Session session = store().create(workspace());
        session.append(turn("Compact me"), null);
        assertEquals(null, store().load(session.id()).orElseThrow().compaction());
        SessionCompaction compaction = new SessionCompaction(3, "Read a b.txt; \"two\" was on line two.", 2);
        session.saveCompaction(compaction);
        assertEquals(compaction, session.compaction());
        assertEquals(compaction, store().load(session.id()).orElseThrow().compaction());

        session.append(List.of(Message.user("and then?"), AssistantMessage.of("then nothing")), null);
        assertEquals(compaction, store().load(session.id()).orElseThrow().compaction(), "appends keep it");
        SessionCompaction later = new SessionCompaction(5, "All of it, summarised again.", 0);
        session.saveCompaction(later);
        assertEquals(later, store().load(session.id()).orElseThrow().compaction(), "the last one saved wins");

        assertTrue(store().delete(session.id()));
        assertThrows(IllegalArgumentException.class, () -> store().saveCompaction(session.id(), compaction));
    }

    @Test
    default void aCompactionNamingMessagesTheSessionDoesNotHoldIsRefused() {
        Session session = store().create(workspace());
        session.append(List.of(Message.user("one"), AssistantMessage.of("two")), null);
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> session.saveCompaction(new SessionCompaction(3, "more than there is", 0)));
        assertTrue(failure.getMessage().contains("holds 2"), failure.getMessage());
        assertEquals(null, store().load(session.id()).orElseThrow().compaction());
    }

    @Test
    default void unknownIdsLoadNothingAndCannotBeAppendedTo() {
        assertTrue(store().load("no-such-session").isEmpty());
        assertTrue(store().load("../../etc/passwd").isEmpty());
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> store().append("no-such-session", 0, List.of(Message.user("hi")), null));
        assertTrue(failure.getMessage().contains("store.create"), failure.getMessage());
    }

    @Test
    default void aWriterWithAStaleVersionGetsAConflictAndAppendsNothing() {
        Session created = store().create(workspace());
        Session first = store().load(created.id()).orElseThrow();
        Session second = store().load(created.id()).orElseThrow();
        first.append(List.of(Message.user("from the first")), null);
        SessionConflictException conflict = assertThrows(SessionConflictException.class,
                () -> second.append(List.of(Message.user("from the second")), null));
        assertTrue(conflict.getMessage().contains("load the session again"), conflict.getMessage());
        assertEquals(created.id(), conflict.sessionId());
        assertEquals(List.of(Message.user("from the first")), store().load(created.id()).orElseThrow().messages());
        Session reloaded = store().load(created.id()).orElseThrow();
        reloaded.append(List.of(Message.user("from the second, again")), null);
        assertEquals(2, store().load(created.id()).orElseThrow().messages().size());
    }

    @Test
    default void ofWritersAppendingAtOnceToOneVersionExactlyOneSucceeds() throws Exception {
        Session created = store().create(workspace());
        int writers = 4;
        CyclicBarrier start = new CyclicBarrier(writers);
        ExecutorService threads = Executors.newFixedThreadPool(writers);
        AtomicInteger conflicts = new AtomicInteger();
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(threads.submit(() -> {
                    Session mine = store().load(created.id()).orElseThrow();
                    start.await(30, TimeUnit.SECONDS);
                    try {
                        mine.append(List.of(Message.user("writer " + writer), AssistantMessage.of("reply " + writer)), null);
                    } catch (SessionConflictException e) {
                        conflicts.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> each : done) {
                each.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(writers - 1, conflicts.get());
        List<Message> stored = store().load(created.id()).orElseThrow().messages();
        assertEquals(2, stored.size());
        String writer = ((UserMessage) stored.get(0)).text().substring("writer ".length());
        assertEquals(AssistantMessage.of("reply " + writer), stored.get(1));
    }

    @Test
    default void concurrentWritersThatRetryOnConflictNeverInterleave() throws Exception {
        Session created = store().create(workspace());
        int writers = 3;
        int batches = 6;
        ExecutorService threads = Executors.newFixedThreadPool(writers);
        List<Future<?>> done = new ArrayList<>();
        List<String> conflicts = new CopyOnWriteArrayList<>();
        try {
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(threads.submit(() -> {
                    for (int batch = 0; batch < batches; batch++) {
                        while (true) {
                            Session mine = store().load(created.id()).orElseThrow();
                            try {
                                mine.append(List.of(Message.user(writer + "/" + batch),
                                        AssistantMessage.of(writer + "/" + batch)), null);
                                break;
                            } catch (SessionConflictException e) {
                                conflicts.add(e.getMessage());
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> each : done) {
                each.get(120, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        List<Message> stored = store().load(created.id()).orElseThrow().messages();
        assertEquals(writers * batches * 2, stored.size());
        List<String> batchesSeen = new ArrayList<>();
        for (int i = 0; i < stored.size(); i += 2) {
            String label = ((UserMessage) stored.get(i)).text();
            assertEquals(AssistantMessage.of(label), stored.get(i + 1), "a batch was split at message " + i);
            batchesSeen.add(label);
        }
        assertEquals(writers * batches, batchesSeen.stream().distinct().count());
    }
}
