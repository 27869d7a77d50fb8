package dev.corvid.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.agent.Agent;
import dev.corvid.model.AssistantMessage;
import dev.corvid.model.ModelException;
import dev.corvid.model.ServerException;
import dev.corvid.model.Usage;
import dev.corvid.openai.OpenAiCompatibleModel;
import dev.corvid.openai.RetryPolicy;
import dev.corvid.testing.FakeOpenAiServer;
import dev.corvid.testing.Reply;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TelemetryMetricsTest {

    @RegisterExtension
    static final OpenTelemetryExtension OTEL = OpenTelemetryExtension.create();

    static final AttributeKey<String> TOKEN_TYPE = AttributeKey.stringKey("gen_ai.token.type");
    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
    static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
    static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    static MetricData metric(String name) {
        return OTEL.getMetrics().stream().filter(metric -> metric.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + name + " among " + OTEL.getMetrics()));
    }

    static OpenAiCompatibleModel model(FakeOpenAiServer server) {
        return OpenAiCompatibleModel.builder().baseUrl(server.baseUrl()).model("test-model")
                .retryPolicy(RetryPolicy.NONE).build();
    }

    @Test
    void eachModelCallRecordsItsTokensAndDurationInTheConventionsHistograms() {
        try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
            server.enqueue(Reply.completion(AssistantMessage.of("Hello."), Usage.of(12, 7)));
            try (OpenAiCompatibleModel model = model(server); Agent agent = Agent.builder().model(model)
                    .listener(Telemetry.of(OTEL.getOpenTelemetry(), model)).build()) {
                agent.run("Hi");
            }
        }

        MetricData tokens = metric("gen_ai.client.token.usage");
        assertEquals("{token}", tokens.getUnit());
        List<HistogramPointData> points = List.copyOf(tokens.getHistogramData().getPoints());
        assertEquals(2, points.size(), "one series for input, one for output");
        for (HistogramPointData point : points) {
            assertEquals(List.of(1d, 4d, 16d, 64d, 256d, 1024d, 4096d, 16384d, 65536d, 262144d, 1048576d, 4194304d,
                    16777216d, 67108864d), point.getBoundaries());
            assertEquals(1, point.getCount());
            assertEquals("chat", point.getAttributes().get(OPERATION));
            assertEquals("openai", point.getAttributes().get(PROVIDER));
            assertEquals("test-model", point.getAttributes().get(REQUEST_MODEL));
            assertEquals("fake-model", point.getAttributes().get(RESPONSE_MODEL));
            assertEquals("127.0.0.1", point.getAttributes().get(SERVER_ADDRESS));
            double expected = "input".equals(point.getAttributes().get(TOKEN_TYPE)) ? 12 : 7;
            assertEquals(expected, point.getSum(), () -> "tokens of " + point.getAttributes());
        }
        assertEquals(List.of("input", "output"), points.stream().map(point -> point.getAttributes().get(TOKEN_TYPE))
                .sorted().toList());

        MetricData duration = metric("gen_ai.client.operation.duration");
        assertEquals("s", duration.getUnit());
        HistogramPointData call = duration.getHistogramData().getPoints().iterator().next();
        assertEquals(List.of(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92),
                call.getBoundaries());
        assertEquals(1, call.getCount());
        assertTrue(call.getSum() > 0, "a duration was measured");
        assertEquals("chat", call.getAttributes().get(OPERATION));
    }

    @Test
    void aFailedModelCallRecordsItsDurationWithTheErrorTypeAndNoTokens() {
        try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
            server.enqueue(Reply.json(500, "{\"error\":{\"message\":\"internal error\"}}"));
            try (OpenAiCompatibleModel model = model(server); Agent agent = Agent.builder().model(model)
                    .listener(Telemetry.of(OTEL.getOpenTelemetry(), model)).build()) {
                assertThrows(ModelException.class, () -> agent.run("Hi"));
            }
        }
        HistogramPointData call = metric("gen_ai.client.operation.duration").getHistogramData().getPoints()
                .iterator().next();
        assertEquals(ServerException.class.getName(), call.getAttributes().get(ERROR_TYPE));
        assertTrue(OTEL.getMetrics().stream().noneMatch(metric -> metric.getName().equals("gen_ai.client.token.usage")),
                "no tokens are counted for a call that reported none");
    }
}
