package dev.corvid.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.corvid.ReadmeSnippets;
import dev.corvid.agent.Agent;
import dev.corvid.model.AssistantMessage;
import dev.corvid.model.Message;
import dev.corvid.testing.ScriptedChatModel;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's chat on sessions, compiled as it stands and run as two instances sharing one database. */
class ReadmeSessionsTest {

    @Test
    void theSessionsSnippetContinuesAConversationOnAnotherInstance(@TempDir Path directory) throws Exception {
        ReadmeSnippets.compile(directory, "SupportChat", ReadmeSnippets.javaAfter("## Sessions"));
        DataSource database = TestStores.dataSource("jdbc:sqlite:" + directory.resolve("chat.db"));
        ScriptedChatModel model = ScriptedChatModel.builder().answer("Which order?").answer("Order 42 ships today.").build();
        Agent agent = Agent.builder().model(model).instructions("You help customers.").build();
        try (URLClassLoader loader = new URLClassLoader(new java.net.URL[] {directory.toUri().toURL()},
                getClass().getClassLoader())) {
            Class<?> chat = loader.loadClass("SupportChat");
            Constructor<?> constructor = chat.getConstructor(Agent.class, DataSource.class);
            Object first = constructor.newInstance(agent, database);
            Object second = constructor.newInstance(agent, database);
            Method start = chat.getMethod("start", String.class);
            Method answer = chat.getMethod("answer", String.class, String.class);
            String id = (String) start.invoke(first, "customer-7");
            assertEquals("Which order?", answer.invoke(first, id, "Where is my parcel?"));
            assertEquals("Order 42 ships today.", answer.invoke(second, id, "Order 42"));
            assertEquals(List.of(Message.system("You help customers."), Message.user("Where is my parcel?"),
                    AssistantMessage.of("Which order?"), Message.user("Order 42")), model.lastRequest().messages());
            SessionInfo info = new JdbcSessionStore(database).load(id).orElseThrow().info();
            assertEquals("customer-7", info.workspace());
            assertEquals(2, info.turns());
        }
    }
}
