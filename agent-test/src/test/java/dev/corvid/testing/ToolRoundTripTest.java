package dev.corvid.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.corvid.agent.Agent;
import dev.corvid.openai.OpenAiCompatibleModel;
import dev.corvid.tool.Tool;
import java.util.List;
import org.junit.jupiter.api.Test;

class ToolRoundTripTest {

    static class Thermometer {
        @Tool("Returns the temperature in a city, in degrees Celsius")
        public double temperature(String city) {
            return 21.5;
        }
    }

    @Test
    void theServerCallsTheToolThenAnswersWithWhatItReturned() {
        try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
            server.otherwise(Reply.toolRoundTrip("temperature", "{\"city\": \"Paris\"}", "The tool said "));
            try (OpenAiCompatibleModel model = OpenAiCompatibleModel.builder().baseUrl(server.baseUrl())
                    .model("test-model").build();
                 Agent agent = Agent.builder().model(model).tools(new Thermometer()).build()) {
                assertEquals("The tool said 21.5", agent.run("How warm is Paris?").output());
                assertEquals("The tool said 21.5", agent.stream("How warm is Paris?").join().output());
            }
            List<RecordedRequest> requests = server.requests();
            assertEquals(4, requests.size());
            assertEquals("user", lastRole(requests.get(0)));
            assertEquals("tool", lastRole(requests.get(1)));
            assertEquals("{\"city\": \"Paris\"}", requests.get(1).json().path("messages").path(1)
                    .path("tool_calls").path(0).path("function").path("arguments").asString());
        }
    }

    private static String lastRole(RecordedRequest request) {
        int size = request.json().path("messages").size();
        return request.json().path("messages").path(size - 1).path("role").asString();
    }
}
