package dev.corvid.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.model.Message;
import dev.corvid.model.ModelRequest;
import dev.corvid.model.ModelSettings;
import dev.corvid.model.ToolMessage;
import dev.corvid.model.UserMessage;
import dev.corvid.session.FileSessionStore;
import dev.corvid.session.Session;
import dev.corvid.session.SessionStore;
import dev.corvid.testing.ScriptedChatModel;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A session's run is compacted as any run: what is sent shrinks, what is stored keeps every message. */
class SessionCompactionTest {

    /** An agent that reads files in a window of 2,000 tokens, 200 of them kept for the reply: compacted above 1,530. */
    private static Agent smallWindow(ScriptedChatModel model) {
        return Agent.builder().model(model).instructions("You read files.").tools(new ContextCompactionTest.Files())
                .settings(ModelSettings.builder().maxTokens(200).build()).contextWindow(2_000).build();
    }

    @Test
    void aCompactedSessionRunStoresEveryMessageAndSendsTheCompactedOnes(@TempDir Path directory) {
        SessionStore store = new FileSessionStore(directory);
        Session session = store.create("/ws");
        ScriptedChatModel model = ScriptedChatModel.answering(ContextCompactionTest.reader(5));
        Agent agent = smallWindow(model);

        RunResult<String> result = agent.run(session, ContextCompactionTest.TASK);

        assertEquals("All 5 files hold x.", result.output());
        assertTrue(model.requests().stream().anyMatch(ContextCompactionTest::summarising), "the run was compacted");
        for (ModelRequest request : model.requests()) {
            if (!ContextCompactionTest.summarising(request)) {
                assertTrue(ContextCompactionTest.tokens(request.messages()) <= 1_530, "sent compacted");
            }
        }
        List<Message> stored = store.load(session.id()).orElseThrow().messages();
        assertEquals(result.transcript().subList(1, result.transcript().size()), stored);
        assertEquals(5, stored.stream().filter(ToolMessage.class::isInstance).count(), "every whole output is stored");
        assertTrue(stored.stream().noneMatch(message -> message instanceof UserMessage user
                && user.text().equals(ContextWindow.SUMMARY_REQUEST)), "the summarising request is not stored");
    }

    @Test
    void theNextRunOnACompactedSessionGoesOnFromTheStoredSummaryWithoutSummarisingAgain(@TempDir Path directory) {
        SessionStore store = new FileSessionStore(directory);
        Session session = store.create("/ws");
        ScriptedChatModel model = ScriptedChatModel.answering(ContextCompactionTest.reader(5));
        Agent agent = smallWindow(model);
        RunResult<String> first = agent.run(session, ContextCompactionTest.TASK);
        assertTrue(model.requests().stream().anyMatch(ContextCompactionTest::summarising), "the first run compacted");
        int before = model.requests().size();

        // Another instance of the application, say: it loads the session afresh.
        Session loaded = store.load(session.id()).orElseThrow();
        assertEquals(first.state().context().summary(), loaded.compaction().summary());
        RunResult<String> second = agent.run(loaded, "Thanks. Which file was the last?");

        assertEquals("All 5 files hold x.", second.output());
        List<ModelRequest> requests = model.requests().subList(before, model.requests().size());
        assertEquals(1, requests.size(), "one request, no summarising one");
        ModelRequest request = requests.get(0);
        assertEquals("You read files.", ((dev.corvid.model.SystemMessage) request.messages().get(0)).text());
        assertEquals(ContextWindow.SUMMARY_INTRO + first.state().context().summary(),
                ((UserMessage) request.messages().get(1)).text(), "the stored summary follows the instructions");
        assertEquals("Thanks. Which file was the last?", ((UserMessage) request.lastMessage()).text());
        assertTrue(ContextCompactionTest.tokens(request.messages()) <= 1_530, "sent compacted");
        List<Message> stored = store.load(session.id()).orElseThrow().messages();
        assertEquals(second.transcript().subList(1, second.transcript().size()), stored, "the session keeps every message");
    }

    @Test
    void compactingASmallConversationSummarisesItNowAndTheNextRunGoesOnFromTheSummary(@TempDir Path directory) {
        SessionStore store = new FileSessionStore(directory);
        Session session = store.create("/ws");
        ScriptedChatModel model = ScriptedChatModel.answering(ContextCompactionTest.reader(2));
        // No window at all: nothing would compact on its own.
        Agent agent = Agent.builder().model(model).instructions("You read files.")
                .tools(new ContextCompactionTest.Files()).build();
        agent.run(session, ContextCompactionTest.TASK);
        int before = model.requests().size();
        List<RunEvent.Compacted> compactions = new java.util.concurrent.CopyOnWriteArrayList<>();

        RunResult<String> compacted = agent.compactAsync(session, event -> {
            if (event instanceof RunEvent.Compacted done) {
                compactions.add(done);
            }
        }).join();

        assertTrue(model.requests().subList(0, before).stream().noneMatch(ContextCompactionTest::summarising),
                "the run was not compacted");
        assertEquals(before + 1, model.requests().size(), "one request: the summarising one");
        assertTrue(ContextCompactionTest.summarising(model.requests().get(before)));
        assertEquals(RunOutcome.ANSWERED, compacted.outcome());
        assertTrue(compacted.output().startsWith("Goal: report what f1 to f2 hold."), compacted.output());
        assertEquals(1, compactions.size(), compactions.toString());
        assertEquals(RunEvent.Compacted.How.SUMMARY, compactions.get(0).how());
        assertTrue(compactions.get(0).tokensAfter() < compactions.get(0).tokensBefore(), compactions.toString());
        assertEquals(compacted.output(), store.load(session.id()).orElseThrow().compaction().summary(),
                "the session keeps the summary");
        assertEquals(session.messages(), store.load(session.id()).orElseThrow().messages(), "and stores no message");

        RunResult<String> next = agent.run(session, "And what do they hold now?");

        ModelRequest after = model.requests().get(before + 1);
        assertTrue(after.messages().stream().anyMatch(message -> message instanceof UserMessage user
                && user.text().equals(ContextWindow.SUMMARY_INTRO + compacted.output())),
                "the next run goes on from the summary");
        assertEquals("And what do they hold now?", ((UserMessage) after.lastMessage()).text());
        assertTrue(model.requests().subList(before + 1, model.requests().size()).stream()
                .noneMatch(ContextCompactionTest::summarising), "without summarising again");
        assertEquals("All 2 files hold x.", next.output());
        List<Message> stored = store.load(session.id()).orElseThrow().messages();
        assertEquals(2, stored.stream().filter(ToolMessage.class::isInstance).count(), "the session keeps every message");
    }

    @Test
    void aConversationOfItsTaskAloneHasNothingToCompactAndAnEmptyOneIsRefused(@TempDir Path directory) {
        SessionStore store = new FileSessionStore(directory);
        ScriptedChatModel model = ScriptedChatModel.answering(ContextCompactionTest.reader(1));
        Agent agent = Agent.builder().model(model).tools(new ContextCompactionTest.Files()).build();
        Session session = store.create("/ws");
        session.append(List.of(Message.user(ContextCompactionTest.TASK)), null);

        RunResult<String> result = agent.compactAsync(session, RunListener.NONE).join();

        assertEquals(RunOutcome.ANSWERED, result.outcome());
        assertEquals(null, result.output());
        assertEquals("nothing to summarise", result.detail());
        assertTrue(model.requests().isEmpty(), "the model was not asked");
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> agent.compactAsync(store.create("/ws"), RunListener.NONE));
        assertTrue(empty.getMessage().contains("nothing to compact"), empty.getMessage());
    }
}
