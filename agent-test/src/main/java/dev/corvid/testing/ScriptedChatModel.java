package dev.corvid.testing;

import dev.corvid.model.AssistantMessage;
import dev.corvid.model.ChatModel;
import dev.corvid.model.FinishReason;
import dev.corvid.model.ModelException;
import dev.corvid.model.ModelRequest;
import dev.corvid.model.ModelResponse;
import dev.corvid.model.ToolCall;
import dev.corvid.model.Usage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A {@link ChatModel} that replies from a script, for tests: each request takes the next reply, and
 * every request is recorded for the test to inspect.
 *
 * <pre>{@code
 * ScriptedChatModel model = ScriptedChatModel.builder()
 *         .callTool("add", "{\"a\": 2, \"b\": 3}")
 *         .answer("2 + 3 = 5")
 *         .build();
 * RunResult<String> result = Agent.builder().model(model).tools(new Calculator()).build().run("2 + 3?");
 * assertEquals("{\"a\": 2, \"b\": 3}", model.requests().get(1) ...);
 * }</pre>
 *
 * <p>When a request carries a stream listener, answer text is delivered to it word by word before the
 * response returns, as a streaming model would. A request that arrives after the script is used up fails
 * with an {@link IllegalStateException} that says so. Thread-safe: concurrent runs sharing one scripted
 * model take replies in the order their requests arrive; use {@link #answering(Function)} for a model that
 * replies to each request on its own merits.
 */
public final class ScriptedChatModel implements ChatModel {

    private final List<Function<ModelRequest, ModelResponse>> script;
    private final boolean repeatLast;
    private final Duration delay;
    private final AtomicInteger next = new AtomicInteger();
    private final List<ModelRequest> requests = new CopyOnWriteArrayList<>();

    private ScriptedChatModel(List<Function<ModelRequest, ModelResponse>> script, boolean repeatLast, Duration delay) {
        this.script = List.copyOf(script);
        this.repeatLast = repeatLast;
        this.delay = delay;
    }

    /** {@return a builder for a script of replies} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@return a model that computes every reply from its request, for as many requests as come}
     *
     * @param replies the reply to each request
     */
    public static ScriptedChatModel answering(Function<ModelRequest, ModelResponse> replies) {
        if (replies == null) {
            throw new IllegalArgumentException("replies must not be null");
        }
        return new ScriptedChatModel(List.of(replies), true, Duration.ZERO);
    }

    @Override
    public ModelResponse complete(ModelRequest request) {
        requests.add(request);
        int index = next.getAndIncrement();
        if (index >= script.size() && !repeatLast) {
            throw new IllegalStateException("the script has " + script.size() + " replies but request " + (index + 1)
                    + " arrived; add a reply to the ScriptedChatModel");
        }
        pause(request);
        ModelResponse response = script.get(Math.min(index, script.size() - 1)).apply(request);
        if (response == null) {
            throw new IllegalStateException("reply " + (index + 1) + " of the script returned null");
        }
        stream(request, response);
        return response;
    }

    private void pause(ModelRequest request) {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelException("scripted model interrupted", false, e);
        }
        if (request.cancellation().isCancelled()) {
            throw new ModelException("scripted model request cancelled", false, null);
        }
    }

    private static void stream(ModelRequest request, ModelResponse response) {
        String text = response.message().text();
        if (text == null || text.isEmpty()) {
            return;
        }
        int start = 0;
        for (int i = 1; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == ' ') {
                request.listener().onTextDelta(text.substring(start, i));
                start = i;
            }
        }
    }

    /** {@return every request received so far, in order} */
    public List<ModelRequest> requests() {
        return List.copyOf(requests);
    }

    /** {@return the last request received} */
    public ModelRequest lastRequest() {
        if (requests.isEmpty()) {
            throw new IllegalStateException("the model has received no request");
        }
        return requests.get(requests.size() - 1);
    }

    /** {@return how many scripted replies have not been used yet} */
    public int remaining() {
        return repeatLast ? Integer.MAX_VALUE : Math.max(0, script.size() - next.get());
    }

    /** Builds a {@link ScriptedChatModel} reply by reply; not thread-safe. */
    public static final class Builder {
        private final List<Function<ModelRequest, ModelResponse>> script = new ArrayList<>();
        private Duration delay = Duration.ZERO;
        private int callCount;

        private Builder() {
        }

        /**
         * Adds a reply of answer text.
         *
         * @param text a reply of answer text
         * @return this builder
         */
        public Builder answer(String text) {
            ModelResponse response = new ModelResponse(AssistantMessage.of(text), FinishReason.STOP, Usage.of(10, 5),
                    "scripted", null);
            return reply(response);
        }

        /**
         * Adds a reply that calls one tool; the call gets the id {@code call_N}.
         *
         * @param name the tool's name
         * @param arguments the call's arguments, as JSON text
         * @return this builder
         */
        public Builder callTool(String name, String arguments) {
            return callTools(ToolCall.of("call_" + (++callCount), name, arguments));
        }

        /**
         * Adds a reply that calls several tools in one turn.
         *
         * @param calls a reply that calls several tools in one turn
         * @return this builder
         */
        public Builder callTools(ToolCall... calls) {
            ModelResponse response = new ModelResponse(
                    new AssistantMessage(null, null, null, List.of(calls), Map.of()), FinishReason.TOOL_CALLS,
                    Usage.of(10, 5), "scripted", null);
            return reply(response);
        }

        /**
         * Adds a reply given whole.
         *
         * @param response a reply given whole
         * @return this builder
         */
        public Builder reply(ModelResponse response) {
            if (response == null) {
                throw new IllegalArgumentException("response must not be null");
            }
            script.add(request -> response);
            return this;
        }

        /**
         * Adds a reply computed from its request, for replies that depend on what the agent sent.
         *
         * @param reply the reply to the request at this point of the script
         * @return this builder
         */
        public Builder reply(Function<ModelRequest, ModelResponse> reply) {
            if (reply == null) {
                throw new IllegalArgumentException("reply must not be null");
            }
            script.add(reply);
            return this;
        }

        /**
         * Makes every reply wait this long first, as a slow provider would; cancellation interrupts the wait.
         *
         * @param delay how long the next reply waits
         * @return this builder
         */
        public Builder delay(Duration delay) {
            if (delay == null || delay.isNegative()) {
                throw new IllegalArgumentException("delay must be zero or positive");
            }
            this.delay = delay;
            return this;
        }

        /** {@return the model} */
        public ScriptedChatModel build() {
            if (script.isEmpty()) {
                throw new IllegalArgumentException("a scripted model needs at least one reply: answer(...), "
                        + "callTool(...) or reply(...)");
            }
            return new ScriptedChatModel(script, false, delay);
        }
    }
}
