package dev.corvid.agent;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.model.ToolChoice;
import dev.corvid.testing.ScriptedChatModel;
import dev.corvid.tool.Tool;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AgentBuilderTest {

    static class Clock {
        @Tool
        public String now() {
            return "noon";
        }
    }

    private static String failure(Agent.Builder builder) {
        return assertThrows(IllegalArgumentException.class, builder::build).getMessage();
    }

    private static Agent.Builder withModel() {
        return Agent.builder().model(ScriptedChatModel.builder().answer("x").build());
    }

    @Test
    void anAgentWithoutAModelSaysWhichModelToGive() {
        assertTrue(failure(Agent.builder()).contains("call model(...) with an OpenAiCompatibleModel"));
    }

    @Test
    void limitsOutOfRangeFail() {
        assertTrue(failure(withModel().maxTurns(0)).contains("maxTurns must be at least 1"));
        assertTrue(failure(withModel().maxRetries(0)).contains("maxRetries must be at least 1"));
        assertTrue(failure(withModel().runTimeout(Duration.ZERO)).contains("runTimeout must be positive"));
        assertTrue(failure(withModel().toolTimeout(Duration.ofSeconds(-1))).contains("toolTimeout must be positive"));
    }

    @Test
    void aToolTimeoutNamingAMissingToolFails() {
        String message = failure(withModel().tools(new Clock()).toolTimeout("shell", Duration.ofMinutes(5)));
        assertTrue(message.contains("toolTimeout names 'shell', which is not among the agent's tools [now]"), message);
        assertThrows(IllegalArgumentException.class, () -> withModel().toolTimeout("now", Duration.ZERO));
    }

    @Test
    void aToolChoiceNamingAMissingToolFails() {
        String message = failure(withModel().tools(new Clock()).toolChoice(ToolChoice.tool("weather")));
        assertTrue(message.contains("'weather', which is not among the agent's tools [now]"), message);
    }

    @Test
    void requiringAToolCallWithoutToolsFails() {
        assertTrue(failure(withModel().toolChoice(ToolChoice.REQUIRED)).contains("needs at least one tool"));
    }

    @Test
    void aBrokenToolMethodFailsWhenTheAgentIsConfigured() {
        Object broken = new Object() {
            @Tool(name = "has space")
            public String x() {
                return "";
            }
        };
        assertThrows(IllegalArgumentException.class, () -> withModel().tools(broken));
    }
}
