package dev.corvid.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.corvid.agent.Agent;
import dev.corvid.agent.RunResult;
import dev.corvid.model.ChatModel;
import dev.corvid.model.Message;
import dev.corvid.model.ModelRequest;
import dev.corvid.openai.OpenAiCompatibleModel;
import dev.corvid.testing.FakeOpenAiServer;
import dev.corvid.testing.Reply;
import dev.corvid.testing.ScriptedChatModel;
import dev.corvid.tool.Tool;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;

class CorvidAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CorvidAutoConfiguration.class));
    private FakeOpenAiServer server;

    @BeforeEach
    void startServer() {
        server = FakeOpenAiServer.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @AgentTools
    static class Thermometer {
        @Tool("Returns the temperature in a city, in degrees Celsius")
        public double temperature(String city) {
            return city.equals("Paris") ? 21.5 : 0;
        }
    }

    /** Has a tool method but no @AgentTools: the agent must not offer it. */
    static class Secrets {
        @Tool("Returns the admin password")
        public String password() {
            return "hunter2";
        }
    }

    static class Clock {
        @Tool("Returns the hour")
        public int hour() {
            return 12;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Tools {
        @Bean
        Thermometer thermometer() {
            return new Thermometer();
        }

        @Bean
        Secrets secrets() {
            return new Secrets();
        }

        @Bean
        @AgentTools
        Clock clock() {
            return new Clock();
        }
    }

    @Test
    void agentBeanAnswersThroughTheToolsOfAgentToolsBeansOnly() {
        server.otherwise(Reply.toolRoundTrip("temperature", "{\"city\": \"Paris\"}", "The tool said "));
        runner.withUserConfiguration(Tools.class)
                .withPropertyValues("corvid.base-url=" + server.baseUrl(), "corvid.model=test-model",
                        "corvid.instructions=Answer in one sentence.")
                .run(context -> {
                    RunResult<String> result = context.getBean(Agent.class).run("How warm is Paris?");
                    assertEquals("The tool said 21.5", result.output());
                    JsonNode first = server.requests().get(0).json();
                    assertEquals("test-model", first.path("model").asString());
                    assertEquals("system", first.path("messages").path(0).path("role").asString());
                    assertEquals("Answer in one sentence.", first.path("messages").path(0).path("content").asString());
                    List<String> offered = new ArrayList<>();
                    first.path("tools").forEach(tool -> offered.add(tool.path("function").path("name").asString()));
                    assertEquals(List.of("hour", "temperature"), offered.stream().sorted().toList());
                });
    }

    @Test
    void providersKeyVariableIsTheDefaultKey() {
        server.otherwise(Reply.toolRoundTrip("none", "{}", "The tool said "));
        runner.withPropertyValues("corvid.provider=dashscope", "corvid.model=qwen-plus",
                        "DASHSCOPE_API_KEY=sk-from-variable", "DASHSCOPE_BASE_URL=" + server.baseUrl())
                .run(context -> {
                    OpenAiCompatibleModel model = context.getBean(OpenAiCompatibleModel.class);
                    assertEquals("dashscope", model.provider());
                    model.complete(ModelRequest.of(List.of(Message.user("hi"))));
                    assertEquals("Bearer sk-from-variable", server.lastRequest().header("Authorization"));
                });
    }

    @Test
    void apiKeyPropertyWinsOverTheVariableAndBaseUrlOverThePresets() {
        server.otherwise(Reply.toolRoundTrip("none", "{}", "The tool said "));
        runner.withPropertyValues("corvid.provider=openai", "corvid.model=gpt-4o-mini",
                        "corvid.base-url=" + server.baseUrl(), "corvid.api-key=sk-from-property",
                        "OPENAI_API_KEY=sk-from-variable")
                .run(context -> {
                    context.getBean(ChatModel.class).complete(ModelRequest.of(List.of(Message.user("hi"))));
                    assertEquals("Bearer sk-from-property", server.lastRequest().header("Authorization"));
                });
    }

    @Test
    void missingModelFailsStartupNamingTheProperty() {
        runner.withPropertyValues("corvid.base-url=" + server.baseUrl()).run(context -> {
            Throwable failure = context.getStartupFailure();
            assertNotNull(failure);
            assertTrue(rootMessage(failure).contains("set corvid.model"), rootMessage(failure));
        });
    }

    @Test
    void missingServerFailsStartupNamingProviderAndBaseUrl() {
        runner.withPropertyValues("corvid.model=qwen-plus").run(context -> {
            String message = rootMessage(context.getStartupFailure());
            assertTrue(message.contains("corvid.provider") && message.contains("corvid.base-url"), message);
        });
    }

    @Test
    void missingKeyFailsStartupNamingThePropertyAndTheVariable() {
        assumeTrue(System.getenv("WCODE_API_KEY") == null, "WCODE_API_KEY is set in this process; unset it to run");
        runner.withPropertyValues("corvid.provider=wcode", "corvid.model=qwen/qwen3-coder").run(context -> {
            String message = rootMessage(context.getStartupFailure());
            assertTrue(message.contains("corvid.api-key") && message.contains("WCODE_API_KEY"), message);
        });
    }

    @Test
    void unknownProviderFailsStartupListingThePresets() {
        runner.withPropertyValues("corvid.provider=acme", "corvid.model=m").run(context -> {
            String message = rootMessage(context.getStartupFailure());
            assertTrue(message.contains("corvid.provider is 'acme'") && message.contains("dashscope"), message);
        });
    }

    @Test
    void invalidBaseUrlFailsStartupPointingAtTheProperties() {
        runner.withPropertyValues("corvid.base-url=localhost:8000", "corvid.model=m").run(context -> {
            String message = rootMessage(context.getStartupFailure());
            assertTrue(message.startsWith("check the corvid.* properties") && message.contains("localhost:8000"),
                    message);
        });
    }

    @Test
    void applicationsOwnModelAndAgentReplaceTheStarters() {
        ScriptedChatModel scripted = ScriptedChatModel.builder().answer("scripted").build();
        Agent own = Agent.builder().model(scripted).build();
        runner.withBean(ChatModel.class, () -> scripted).run(context -> {
            assertFalse(context.containsBean("corvidChatModel"));
            assertEquals("scripted", context.getBean(Agent.class).run("hi").output());
        });
        runner.withBean(ChatModel.class, () -> scripted).withBean(Agent.class, () -> own)
                .run(context -> assertSame(own, context.getBean(Agent.class)));
    }

    @Test
    void modelIsClosedWithTheContext() {
        server.otherwise(Reply.toolRoundTrip("none", "{}", "The tool said "));
        OpenAiCompatibleModel[] model = new OpenAiCompatibleModel[1];
        runner.withPropertyValues("corvid.base-url=" + server.baseUrl(), "corvid.model=m")
                .run(context -> model[0] = context.getBean(OpenAiCompatibleModel.class));
        ModelRequest request = ModelRequest.of(List.of(Message.user("hi")));
        // A closed model's connection pool refuses new requests.
        assertThrows(RuntimeException.class, () -> model[0].complete(request));
        assertEquals(0, server.requests().size());
    }

    @Test
    void agentToolsBeanWithoutToolsFailsStartupNamingTheBean() {
        runner.withPropertyValues("corvid.base-url=" + server.baseUrl(), "corvid.model=m")
                .withBean("plainBean", NoTools.class, NoTools::new)
                .run(context -> {
                    Throwable failure = context.getStartupFailure();
                    assertNotNull(failure);
                    assertTrue(messages(failure).contains("'plainBean' cannot serve as tools"), messages(failure));
                });
    }

    @AgentTools
    static class NoTools {
    }

    @Test
    void propertiesNeverShowTheKey() {
        String shown = new CorvidProperties("openai", "gpt-4o-mini", null, "sk-secret-123", null).toString();
        assertFalse(shown.contains("sk-secret-123"), shown);
        assertTrue(shown.contains("apiKey=***"), shown);
    }

    /** Returns the message of the innermost IllegalStateException: the starter's, under Spring's wrapping. */
    private static String rootMessage(Throwable failure) {
        assertNotNull(failure, "startup should have failed");
        String message = null;
        for (Throwable at = failure; at != null; at = at.getCause()) {
            if (at instanceof IllegalStateException) {
                message = at.getMessage();
            }
        }
        assertNotNull(message, "no IllegalStateException in " + messages(failure));
        return message;
    }

    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable at = failure; at != null; at = at.getCause()) {
            all.append(at.getMessage()).append('\n');
        }
        return all.toString();
    }
}
