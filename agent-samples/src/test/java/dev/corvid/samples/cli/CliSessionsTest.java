package dev.corvid.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.model.AssistantMessage;
import dev.corvid.model.Cost;
import dev.corvid.model.Message;
import dev.corvid.session.Session;
import dev.corvid.session.SessionStore;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliSessionsTest {

    @TempDir
    Path home;

    @Test
    void continueTakesTheNewestSessionOfTheSameWorkspace() throws Exception {
        SessionStore store = CliSessions.store(home);
        Path here = Path.of("/work/here");
        Session older = store.create(here.toString());
        older.append(List.of(Message.user("first task")), null);
        Thread.sleep(5);
        Session newer = store.create(here.toString());
        newer.append(List.of(Message.user("second task")), null);
        Thread.sleep(5);
        store.create("/work/elsewhere").append(List.of(Message.user("elsewhere")), null);
        assertEquals(newer.id(), CliSessions.choose(store, here, true, null).id());
    }

    @Test
    void continueInAWorkspaceWithoutSessionsStartsANewOne() {
        SessionStore store = CliSessions.store(home);
        store.create("/work/elsewhere");
        Session chosen = CliSessions.choose(store, Path.of("/work/new"), true, null);
        assertEquals("/work/new", chosen.info().workspace());
        assertEquals(List.of(), chosen.messages());
    }

    @Test
    void withoutContinueEveryRunIsANewSession() {
        SessionStore store = CliSessions.store(home);
        Session first = CliSessions.choose(store, Path.of("/w"), false, null);
        assertNotEquals(first.id(), CliSessions.choose(store, Path.of("/w"), false, null).id());
    }

    @Test
    void resumeTakesTheNamedSessionAndAnUnknownIdSaysHowToFindOne() {
        SessionStore store = CliSessions.store(home);
        Session named = store.create("/work/a");
        assertEquals(named.id(), CliSessions.choose(store, Path.of("/work/b"), false, named.id()).id());
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> CliSessions.choose(store, Path.of("/work/b"), false, "20990101-000000-abcdef"));
        assertTrue(failure.getMessage().contains("--list-sessions"), failure.getMessage());
    }

    @Test
    void theListShowsIdWorkspaceTimeFirstTaskTurnsAndCost() {
        SessionStore store = CliSessions.store(home);
        Session session = store.create("/work/project");
        session.append(List.of(Message.user("make the failing test pass\nit is in FooTest"),
                AssistantMessage.of("done")), Cost.of("0.01234", "CNY"));
        String table = CliSessions.table(store.list(), ZoneOffset.UTC);
        String row = table.lines().filter(line -> line.startsWith(session.id())).findFirst().orElseThrow();
        assertTrue(row.contains("/work/project"), row);
        assertTrue(row.contains("make the failing test pass") && !row.contains("FooTest"), row);
        assertTrue(row.contains(" 1 "), row);
        assertTrue(row.contains("0.0123 CNY"), row);
        assertTrue(row.contains(session.info().updated().atZone(ZoneOffset.UTC).toLocalDate().toString()), row);
        assertTrue(CliSessions.table(List.of(), ZoneOffset.UTC).contains("no sessions"));
    }
}
