package dev.corvid.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.model.AuthenticationException;
import dev.corvid.model.BadRequestException;
import dev.corvid.model.ContextLengthExceededException;
import dev.corvid.model.Message;
import dev.corvid.model.ModelException;
import dev.corvid.model.ModelRequest;
import dev.corvid.model.RateLimitException;
import dev.corvid.model.ServerException;
import dev.corvid.model.TransportException;
import dev.corvid.testing.FakeOpenAiServer;
import dev.corvid.testing.Reply;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ModelErrorsTest {

    private final FakeOpenAiServer server = FakeOpenAiServer.start();

    @AfterEach
    void stop() {
        server.requests().forEach(request -> OpenAiSpec.assertValidRequest(request.json()));
        server.close();
    }

    private ModelException failure(Reply reply) {
        server.enqueue(reply);
        try (OpenAiCompatibleModel model = OpenAiCompatibleModel.builder().baseUrl(server.baseUrl()).apiKey("sk-secret-1")
                .model("m").stream(false).retryPolicy(RetryPolicy.NONE).build()) {
            return assertThrows(ModelException.class, () -> model.complete(ModelRequest.of(List.of(Message.user("x")))));
        }
    }

    @Test
    void anOpenAiStyleErrorGivesTypeStatusCodeMessageAndRequestId() {
        ModelException e = failure(Reply.json(401, "{\"error\":{\"message\":\"Incorrect API key provided\","
                + "\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}").header("x-request-id", "req_123"));
        assertInstanceOf(AuthenticationException.class, e);
        assertEquals(401, e.status());
        assertEquals("invalid_api_key", e.providerCode());
        assertEquals("Incorrect API key provided", e.providerMessage());
        assertEquals("req_123", e.requestId());
        assertFalse(e.isRetryable());
        assertTrue(e.getMessage().contains("401") && e.getMessage().contains("req_123"), e.getMessage());
    }

    @Test
    void openAisContextLengthExceededIsTypedWithTheLimitItStates() {
        ModelException e = failure(Reply.json(400, "{\"error\":{\"message\":\"This model's maximum context length is "
                + "128000 tokens. However, your messages resulted in 130512 tokens. Please reduce the length of the "
                + "messages.\",\"type\":\"invalid_request_error\",\"param\":\"messages\",\"code\":"
                + "\"context_length_exceeded\"}}"));
        ContextLengthExceededException tooLong = assertInstanceOf(ContextLengthExceededException.class, e);
        assertEquals(OptionalInt.of(128000), tooLong.limit());
        assertEquals("context_length_exceeded", e.providerCode());
        assertFalse(e.isRetryable());
    }

    @Test
    void theContextLengthExceededCodeAloneIsTypedWithoutALimit() {
        ModelException e = failure(Reply.json(400, "{\"error\":{\"message\":\"Your input is too long.\","
                + "\"code\":\"context_length_exceeded\"}}"));
        assertEquals(OptionalInt.empty(), assertInstanceOf(ContextLengthExceededException.class, e).limit());
    }

    @Test
    void vllmsMaximumContextLengthMessageIsTypedWithTheLimit() {
        ModelException e = failure(Reply.json(400, "{\"object\":\"error\",\"message\":\"This model's maximum context "
                + "length is 32768 tokens. However, you requested 33800 tokens (31752 in the messages, 2048 in the "
                + "completion). Please reduce the length of the messages or completion.\",\"type\":\"BadRequestError\","
                + "\"param\":null,\"code\":400}"));
        assertEquals(OptionalInt.of(32768), assertInstanceOf(ContextLengthExceededException.class, e).limit());
    }

    @Test
    void dashScopesRangeOfInputLengthIsTypedWithTheLimit() {
        ModelException e = failure(Reply.json(400, "{\"error\":{\"code\":\"invalid_parameter_error\",\"message\":"
                + "\"<400> InternalError.Algo.InvalidParameter: Range of input length should be [1, 129024]\","
                + "\"type\":\"invalid_request_error\"},\"request_id\":\"d-77\"}"));
        ContextLengthExceededException tooLong = assertInstanceOf(ContextLengthExceededException.class, e);
        assertEquals(OptionalInt.of(129024), tooLong.limit());
        assertEquals("d-77", e.requestId());
    }

    @Test
    void aRoutersEndpointMaximumContextLengthIsTypedWithTheLimit() {
        ModelException e = failure(Reply.json(400, "{\"error\":{\"message\":\"This endpoint's maximum context length "
                + "is 131072 tokens. However, you requested about 140211 tokens (138163 of text input, 2048 in the "
                + "output). Please reduce the length of either one.\",\"code\":400,\"metadata\":{\"provider_name\":"
                + "null}}}"));
        assertEquals(OptionalInt.of(131072), assertInstanceOf(ContextLengthExceededException.class, e).limit());
    }

    @Test
    void anOrdinaryBadRequestIsNoContextLengthFailure() {
        ModelException e = failure(Reply.json(400, "{\"error\":{\"message\":\"Unknown parameter: foo\","
                + "\"code\":\"unknown_parameter\"}}"));
        assertFalse(e instanceof ContextLengthExceededException, e.getClass().getName());
    }

    @Test
    void aDashScopeErrorGivesItsCodeAndBodyRequestId() {
        ModelException e = failure(Reply.json(400, "{\"error\":{\"code\":\"invalid_parameter_error\",\"message\":"
                + "\"<400> InternalError.Algo.InvalidParameter: Field required: input.messages.2.content\","
                + "\"type\":\"invalid_request_error\"},\"request_id\":\"5c8d-dash\"}"));
        assertInstanceOf(BadRequestException.class, e);
        assertEquals("invalid_parameter_error", e.providerCode());
        assertTrue(e.providerMessage().contains("input.messages.2.content"));
        assertEquals("5c8d-dash", e.requestId());
    }

    @Test
    void aDashScopeThrottlingCodeIsARetryableRateLimit() {
        ModelException e = failure(Reply.json(429, "{\"code\":\"Throttling.RateQuota\",\"message\":\"Requests rate limit "
                + "exceeded\",\"request_id\":\"r-9\"}").header("Retry-After", "7"));
        RateLimitException limited = assertInstanceOf(RateLimitException.class, e);
        assertEquals("Throttling.RateQuota", e.providerCode());
        assertEquals(Duration.ofSeconds(7), limited.retryAfter());
        assertTrue(e.isRetryable());
    }

    @Test
    void anOpenRouterErrorKeepsTheUpstreamMessage() {
        ModelException e = failure(Reply.json(502, "{\"error\":{\"code\":502,\"message\":\"Provider returned error\","
                + "\"metadata\":{\"raw\":\"upstream overloaded\",\"provider_name\":\"Together\"}}}"));
        assertInstanceOf(ServerException.class, e);
        assertTrue(e.providerMessage().contains("upstream overloaded"), e.providerMessage());
        assertTrue(e.providerMessage().contains("Together"), e.providerMessage());
        assertTrue(e.isRetryable());
    }

    @Test
    void aGeminiErrorArrayIsRead() {
        ModelException e = failure(Reply.json(400, "[{\"error\":{\"code\":400,\"message\":\"Invalid JSON payload received."
                + " Unknown name \\\"strict\\\"\",\"status\":\"INVALID_ARGUMENT\"}}]"));
        assertInstanceOf(BadRequestException.class, e);
        assertTrue(e.providerMessage().contains("Unknown name \"strict\""), e.providerMessage());
    }

    @Test
    void aFlatVllmErrorIsRead() {
        ModelException e = failure(Reply.json(400, "{\"object\":\"error\",\"message\":\"\\\"auto\\\" tool choice requires "
                + "--enable-auto-tool-choice\",\"type\":\"BadRequestError\",\"param\":null,\"code\":400}"));
        assertInstanceOf(BadRequestException.class, e);
        assertTrue(e.providerMessage().contains("--enable-auto-tool-choice"));
    }

    @Test
    void aNonJsonErrorKeepsAnExcerpt() {
        ModelException e = failure(Reply.json(503, "<html><body>Service Unavailable</body></html>"));
        assertInstanceOf(ServerException.class, e);
        assertTrue(e.providerMessage().contains("Service Unavailable"));
    }

    @Test
    void aModerationRefusalIsNeverRetryable() {
        ModelException e = failure(Reply.json(400, "{\"code\":\"DataInspectionFailed\",\"message\":\"Input data may "
                + "contain inappropriate content.\"}"));
        assertInstanceOf(BadRequestException.class, e);
        assertFalse(e.isRetryable());
    }

    @Test
    void aSpentQuotaIsARateLimitThatWaitingDoesNotFix() {
        ModelException e = failure(Reply.json(429, "{\"error\":{\"code\":\"insufficient_quota\",\"message\":\"You exceeded "
                + "your current quota\"}}"));
        assertInstanceOf(RateLimitException.class, e);
        assertFalse(e.isRetryable());
    }

    @Test
    void anErrorInsideAnHttp200BodyIsThrownAsTyped() {
        ModelException e = failure(Reply.json("{\"error\":{\"code\":429,\"message\":\"Rate limit exceeded upstream\"}}"));
        assertInstanceOf(RateLimitException.class, e);
        assertEquals("Rate limit exceeded upstream", e.providerMessage());
    }

    @Test
    void anErrorMidStreamIsThrownWithThePartialText() {
        server.enqueue(Reply.sse(
                "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"The answer\"}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\" is\"}}]}",
                "{\"error\":{\"code\":502,\"message\":\"upstream disconnected\"},\"choices\":[{\"index\":0,"
                        + "\"delta\":{},\"finish_reason\":\"error\"}]}"));
        try (OpenAiCompatibleModel model = OpenAiCompatibleModel.builder().baseUrl(server.baseUrl()).model("m")
                .build()) {
            ModelException e = assertThrows(ModelException.class,
                    () -> model.complete(ModelRequest.of(List.of(Message.user("x")))));
            assertInstanceOf(ServerException.class, e);
            assertEquals("The answer is", e.partialText());
            assertEquals("upstream disconnected", e.providerMessage());
            assertEquals(1, server.requests().size(), "text already reached the caller: no retry");
        }
    }

    @Test
    void aChunkWhoseErrorIsNullIsReadAsAChunk() {
        server.enqueue(Reply.sse("{\"error\":null,\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],\"error\":null}"));
        try (OpenAiCompatibleModel model = OpenAiCompatibleModel.builder().baseUrl(server.baseUrl()).model("m")
                .build()) {
            assertEquals("Hi", model.complete(ModelRequest.of(List.of(Message.user("x")))).message().text());
        }
    }

    @Test
    void aFinishReasonErrorWithoutAnErrorObjectIsAFailure() {
        server.enqueue(Reply.sse("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"error\"}]}"));
        try (OpenAiCompatibleModel model = OpenAiCompatibleModel.builder().baseUrl(server.baseUrl()).model("m")
                .retryPolicy(RetryPolicy.NONE).build()) {
            ModelException e = assertThrows(ModelException.class,
                    () -> model.complete(ModelRequest.of(List.of(Message.user("x")))));
            assertEquals("Hi", e.partialText());
        }
    }

    @Test
    void aWholeResponseThatIsNoObjectOrHasNoChoicesIsAFailureThatSaysSo() {
        assertTrue(failure(Reply.json("[1, 2]")).getMessage().contains("not a JSON object"));
        assertTrue(failure(Reply.json("{\"id\":\"x\",\"choices\":[]}")).getMessage().contains("holds no choices"));
        assertTrue(failure(Reply.json("{\"id\":\"x\"}")).getMessage().contains("holds no choices"));
    }

    @Test
    void aWholeResponseEndedByFinishReasonErrorIsAFailure() {
        ModelException e = failure(Reply.json("{\"choices\":[{\"index\":0,\"finish_reason\":\"error\","
                + "\"message\":{\"role\":\"assistant\",\"content\":\"\"}}]}"));
        assertTrue(e.getMessage().contains("ended the response with an error"), e.getMessage());
    }

    @Test
    void malformedJsonInAWholeResponseIsATransportFailure() {
        ModelException e = failure(Reply.json("{\"choices\":[{\"index\":0,"));
        assertInstanceOf(TransportException.class, e);
        assertTrue(e.getMessage().contains("malformed JSON"), e.getMessage());
    }
}
