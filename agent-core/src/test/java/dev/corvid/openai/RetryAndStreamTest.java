package dev.corvid.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.model.AssistantMessage;
import dev.corvid.model.Cancellation;
import dev.corvid.model.Message;
import dev.corvid.model.ModelException;
import dev.corvid.model.ModelRequest;
import dev.corvid.model.ModelResponse;
import dev.corvid.model.ModelSettings;
import dev.corvid.model.ModelTimeoutException;
import dev.corvid.model.ToolCall;
import dev.corvid.model.TransportException;
import dev.corvid.testing.FakeOpenAiServer;
import dev.corvid.testing.Reply;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RetryAndStreamTest {

    private static final RetryPolicy QUICK_RETRIES = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50),
            Duration.ofSeconds(10));

    private final FakeOpenAiServer server = FakeOpenAiServer.start();

    @AfterEach
    void stop() {
        server.requests().forEach(request -> OpenAiSpec.assertValidRequest(request.json()));
        server.close();
    }

    private OpenAiCompatibleModel model(boolean stream, RetryPolicy retries) {
        return OpenAiCompatibleModel.builder().baseUrl(server.baseUrl()).apiKey("sk-test").model("m").stream(stream)
                .retryPolicy(retries).idleTimeout(Duration.ofMillis(300)).build();
    }

    private static ModelRequest ask() {
        return ModelRequest.of(List.of(Message.user("hi")));
    }

    @Test
    void aRateLimitIsRetriedNoEarlierThanRetryAfterAsks() {
        server.enqueue(Reply.json(429, "{\"error\":{\"message\":\"slow down\"}}").header("Retry-After", "1"));
        server.enqueue(Reply.completion(AssistantMessage.of("ok")));
        try (OpenAiCompatibleModel model = model(false, QUICK_RETRIES)) {
            assertEquals("ok", model.complete(ask()).message().text());
        }
        long gap = server.requests().get(1).receivedAtNanos() - server.requests().get(0).receivedAtNanos();
        assertTrue(gap >= TimeUnit.SECONDS.toNanos(1), "retried after " + gap / 1_000_000 + " ms");
    }

    @Test
    void retryAfterAsAnHttpDateIsHonoured() {
        assertTrue(ErrorParser.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT").isZero(), "a past date means now");
        String inTwoSeconds = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(3));
        Duration wait = ErrorParser.retryAfter(inTwoSeconds);
        assertTrue(wait.toMillis() > 1000 && wait.toMillis() <= 3000, wait.toString());
        assertEquals(Duration.ofMillis(1500), ErrorParser.retryAfter("1.5"));
    }

    @Test
    void serverErrorsAreRetriedWithBackoff() {
        server.enqueue(Reply.json(500, "{\"error\":{\"message\":\"boom\"}}"));
        server.enqueue(Reply.json(503, "{\"error\":{\"message\":\"busy\"}}"));
        server.enqueue(Reply.completion(AssistantMessage.of("third time")));
        try (OpenAiCompatibleModel model = model(false, QUICK_RETRIES)) {
            assertEquals("third time", model.complete(ask()).message().text());
        }
        assertEquals(3, server.requests().size());
    }

    @Test
    void anAuthenticationFailureIsNeverRetried() {
        server.enqueue(Reply.json(401, "{\"error\":{\"message\":\"bad key\"}}"));
        server.enqueue(Reply.completion(AssistantMessage.of("never")));
        try (OpenAiCompatibleModel model = model(false, QUICK_RETRIES)) {
            assertThrows(dev.corvid.model.AuthenticationException.class, () -> model.complete(ask()));
        }
        assertEquals(1, server.requests().size());
    }

    @Test
    void aBadRequestIsNeverRetried() {
        server.enqueue(Reply.json(400, "{\"error\":{\"message\":\"bad\"}}"));
        try (OpenAiCompatibleModel model = model(false, QUICK_RETRIES)) {
            assertThrows(dev.corvid.model.BadRequestException.class, () -> model.complete(ask()));
        }
        assertEquals(1, server.requests().size());
    }

    @Test
    void retriesStopAtTheMostAttempts() {
        for (int i = 0; i < 5; i++) {
            server.enqueue(Reply.json(500, "{\"error\":{\"message\":\"down\"}}"));
        }
        try (OpenAiCompatibleModel model = model(false, QUICK_RETRIES)) {
            ModelException e = assertThrows(ModelException.class, () -> model.complete(ask()));
            assertEquals(500, e.status());
        }
        assertEquals(3, server.requests().size());
    }

    @Test
    void aRefusedConnectionIsATransportFailure() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (OpenAiCompatibleModel model = OpenAiCompatibleModel.builder().baseUrl("http://127.0.0.1:" + closedPort + "/v1")
                .model("m").retryPolicy(QUICK_RETRIES).build()) {
            TransportException e = assertThrows(TransportException.class, () -> model.complete(ask()));
            assertTrue(e.isRetryable());
            assertEquals(0, e.status());
        }
    }

    @Test
    void aStreamFailingBeforeAnyEventIsRetried() {
        server.enqueue(Reply.json(503, "{\"error\":{\"message\":\"warming up\"}}"));
        server.enqueue(Reply.stream(AssistantMessage.of("streamed")));
        try (OpenAiCompatibleModel model = model(true, QUICK_RETRIES)) {
            assertEquals("streamed", model.complete(ask()).message().text());
        }
        assertEquals(2, server.requests().size());
    }

    @Test
    void aConnectionResetMidStreamIsATransportFailureKeepingThePartialText() {
        // The pause lets the client read the text before the reset, which would otherwise discard it unread.
        server.enqueue(Reply.raw("text/event-stream", List.of(
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Half an\"}}]}\n\n"))
                .thenStall(Duration.ofSeconds(1)).thenReset());
        server.enqueue(Reply.stream(AssistantMessage.of("must not be requested")));
        try (OpenAiCompatibleModel model = OpenAiCompatibleModel.builder().baseUrl(server.baseUrl()).model("m")
                .retryPolicy(QUICK_RETRIES).idleTimeout(Duration.ofSeconds(10)).build()) {
            TransportException e = assertThrows(TransportException.class, () -> model.complete(ask()));
            assertEquals("Half an", e.partialText());
        }
        assertEquals(1, server.requests().size(), "text reached the caller: the stream is not retried");
    }

    @Test
    void aStalledStreamFailsAfterTheIdleTimeout() {
        server.enqueue(Reply.raw("text/event-stream", List.of(
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Wait\"}}]}\n\n")).thenStall(Duration.ofSeconds(20)));
        long start = System.nanoTime();
        try (OpenAiCompatibleModel model = model(true, RetryPolicy.NONE)) {
            ModelTimeoutException e = assertThrows(ModelTimeoutException.class, () -> model.complete(ask()));
            assertTrue(e.getMessage().contains("stalled"), e.getMessage());
            assertEquals("Wait", e.partialText());
        }
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10), "failed well before the stall ended");
    }

    @Test
    void aStreamThatEndsWithoutAFinishReasonIsAFailure() {
        server.enqueue(Reply.raw("text/event-stream", List.of(
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Cut\"}}]}\n\n")));
        try (OpenAiCompatibleModel model = model(true, RetryPolicy.NONE)) {
            TransportException e = assertThrows(TransportException.class, () -> model.complete(ask()));
            assertTrue(e.getMessage().contains("without a finish reason"));
            assertEquals("Cut", e.partialText());
        }
    }

    @Test
    void cancellingFromAnotherThreadClosesTheConnectionAtOnce() throws Exception {
        server.enqueue(Reply.raw("text/event-stream", List.of(
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Slow\"}}]}\n\n")).thenStall(Duration.ofSeconds(30)));
        Cancellation cancellation = new Cancellation();
        ModelRequest request = new ModelRequest(List.of(Message.user("x")), List.of(), ModelSettings.DEFAULT, null,
                cancellation);
        try (OpenAiCompatibleModel model = OpenAiCompatibleModel.builder().baseUrl(server.baseUrl()).model("m")
                .idleTimeout(Duration.ofSeconds(30)).build()) {
            Thread canceller = new Thread(() -> {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException ignored) {
                    return;
                }
                cancellation.cancel();
            });
            long start = System.nanoTime();
            canceller.start();
            ModelException e = assertThrows(ModelException.class, () -> model.complete(request));
            assertTrue(e.getMessage().contains("cancelled"), e.getMessage());
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10), "cancelled long before the stall ended");
            canceller.join();
        }
    }

    @Test
    void sseCommentsCrlfLineEndsMultiLineDataAndAMissingDoneAreHandled() {
        server.enqueue(Reply.raw("text/event-stream", List.of(
                ": OPENROUTER PROCESSING\r\n\r\n",
                "data: {\"choices\":[{\"index\":0,\"delta\":\r\ndata: {\"content\":\"Hello\"}}]}\r\n\r\n",
                "event: message\nid: 7\ndata: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\" world\"},"
                        + "\"finish_reason\":\"stop\"}]}\n\n")));
        try (OpenAiCompatibleModel model = model(true, RetryPolicy.NONE)) {
            assertEquals("Hello world", model.complete(ask()).message().text());
        }
    }

    @Test
    void aStreamSentOneByteAtATimeOverHttpIsAssembled() {
        AssistantMessage message = new AssistantMessage("Grüße — ✓", null, null,
                List.of(ToolCall.of("call_1", "weather", "{\"city\":\"Zürich\"}")), java.util.Map.of());
        byte[] bytes = StreamChunks.wireBytes(StreamChunks.of(message));
        List<byte[]> single = new java.util.ArrayList<>();
        for (byte b : bytes) {
            single.add(new byte[] {b});
        }
        server.enqueue(Reply.rawBytes("text/event-stream", single));
        // Hundreds of tiny writes: on a loaded machine a gap between two can exceed the other tests' 300 ms.
        try (OpenAiCompatibleModel model = OpenAiCompatibleModel.builder().baseUrl(server.baseUrl()).apiKey("sk-test")
                .model("m").retryPolicy(RetryPolicy.NONE).idleTimeout(Duration.ofSeconds(10)).build()) {
            ModelResponse response = model.complete(ask());
            assertEquals(message.text(), response.message().text());
            assertEquals(message.toolCalls(), response.message().toolCalls());
        }
    }
}
