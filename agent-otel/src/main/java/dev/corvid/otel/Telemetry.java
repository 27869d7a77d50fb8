package dev.corvid.otel;

import dev.corvid.agent.RunEvent;
import dev.corvid.agent.RunListener;
import dev.corvid.model.ChatModel;
import io.opentelemetry.api.OpenTelemetry;

/**
 * A run listener that records an agent's runs as OpenTelemetry spans and metrics, following the
 * OpenTelemetry semantic conventions for generative AI. Add it to an agent with one line:
 *
 * <pre>{@code
 * Agent agent = Agent.builder()
 *         .model(model)
 *         .listener(Telemetry.of(openTelemetry, model))
 *         .build();
 * }</pre>
 *
 * <p>Each run becomes an {@code invoke_agent {agent name}} span (kind INTERNAL) whose parent is the
 * context current where the run starts; under it, each model call becomes a {@code chat {model}} span
 * (kind CLIENT) with the request and response model, response id, token usage, finish reasons, server
 * address and port, and {@code error.type} when it fails; each tool call becomes an
 * {@code execute_tool {tool}} span (kind INTERNAL) with the tool's name and call id. While a tool runs, its
 * span is the current context of the tool's thread, so the spans of the tool's own work (a JDBC query, an
 * HTTP call) nest under it; the same holds for the model call's HTTP spans. Each model call also records
 * the histograms {@code gen_ai.client.operation.duration} (seconds) and {@code gen_ai.client.token.usage}
 * (tokens, when the provider reported them), with the conventions' bucket boundaries.
 *
 * <p>Message content (the messages sent and received, tool arguments and results, tool error texts) may
 * hold personal data and is recorded only after {@link Builder#recordContent(boolean) recordContent(true)},
 * as the JSON attributes {@code gen_ai.input.messages}, {@code gen_ai.output.messages},
 * {@code gen_ai.tool.call.arguments} and {@code gen_ai.tool.call.result}.
 *
 * <p>The {@code error.type} values: on a failed model call, the class name of the
 * {@link dev.corvid.model.ModelException} (such as {@code dev.corvid.model.RateLimitException}); on a run
 * that ends without an answer, its {@link dev.corvid.agent.RunOutcome} in lower case ({@code turn_limit},
 * {@code cancelled}, ...); on a call to a tool the agent lacks, {@code unknown_tool}; otherwise {@code _OTHER}.
 *
 * <p>Thread-safe: one instance serves every run of an agent, and may serve several agents of one model.
 */
public final class Telemetry implements RunListener {

    private final RunRecorder recorder;

    private Telemetry(RunRecorder recorder) {
        this.recorder = recorder;
    }

    /**
     * Returns telemetry for the runs of agents that talk to the given model, without message content.
     *
     * @param openTelemetry where spans and metrics go, such as the application's SDK
     * @param model the agent's model: an {@link dev.corvid.openai.OpenAiCompatibleModel} tells its model id,
     *     provider and server; of other models nothing is known unless the builder is told
     * @return the listener to add to the agent
     * @throws IllegalArgumentException when an argument is null
     */
    public static Telemetry of(OpenTelemetry openTelemetry, ChatModel model) {
        return builder(openTelemetry).model(model).build();
    }

    /**
     * Returns a builder of telemetry that records to the given OpenTelemetry.
     *
     * @param openTelemetry where spans and metrics go, such as the application's SDK
     * @return a new builder
     * @throws IllegalArgumentException when openTelemetry is null
     */
    public static Builder builder(OpenTelemetry openTelemetry) {
        if (openTelemetry == null) {
            throw new IllegalArgumentException("openTelemetry must not be null; use OpenTelemetry.noop() to record "
                    + "nothing, or GlobalOpenTelemetry.get()");
        }
        return new Builder(openTelemetry);
    }

    /**
     * Records one event of a run.
     *
     * @param event what happened; never null
     */
    @Override
    public void onEvent(RunEvent event) {
        recorder.record(event);
    }

    /** A builder of {@link Telemetry}; not thread-safe. */
    public static final class Builder {

        private final OpenTelemetry openTelemetry;
        private ModelTarget target = ModelTarget.of(null);
        private String modelName;
        private String provider;
        private String agentName;
        private boolean recordContent;

        private Builder(OpenTelemetry openTelemetry) {
            this.openTelemetry = openTelemetry;
        }

        /**
         * Sets the agent's model, from which the model id, the provider and the server are learnt.
         *
         * @param model the model the agent talks to
         * @return this builder
         * @throws IllegalArgumentException when model is null
         */
        public Builder model(ChatModel model) {
            if (model == null) {
                throw new IllegalArgumentException("model must not be null: pass the agent's model");
            }
            this.target = ModelTarget.of(model);
            return this;
        }

        /**
         * Sets the model id recorded as {@code gen_ai.request.model} and in the chat span's name, for models
         * that do not tell it.
         *
         * @param modelName the id the model is requested by, such as {@code gpt-4o-mini}
         * @return this builder
         * @throws IllegalArgumentException when modelName is blank
         */
        public Builder modelName(String modelName) {
            this.modelName = requireText(modelName, "modelName");
            return this;
        }

        /**
         * Sets {@code gen_ai.provider.name}; by default the provider preset's name, {@code openai} for a plain
         * OpenAI-compatible base URL, and {@code unknown} for other models. Use the conventions' well-known
         * names where one applies ({@code openai}, {@code deepseek}, {@code mistral_ai}, ...).
         *
         * @param provider the provider's name
         * @return this builder
         * @throws IllegalArgumentException when provider is blank
         */
        public Builder provider(String provider) {
            this.provider = requireText(provider, "provider");
            return this;
        }

        /**
         * Sets the agent's name, recorded as {@code gen_ai.agent.name} and in the run span's name
         * ({@code invoke_agent support}); without one the span is named {@code invoke_agent}.
         *
         * @param agentName a short, human-readable name
         * @return this builder
         * @throws IllegalArgumentException when agentName is blank
         */
        public Builder agentName(String agentName) {
            this.agentName = requireText(agentName, "agentName");
            return this;
        }

        /**
         * Sets whether message content is recorded: the messages sent to and received from the model, tool
         * arguments and results, and tool error texts. Off by default, as the conventions advise: content
         * may hold personal data and is often large.
         *
         * @param record true to record content
         * @return this builder
         */
        public Builder recordContent(boolean record) {
            this.recordContent = record;
            return this;
        }

        /**
         * Returns the telemetry.
         *
         * @return a listener to add to an agent with {@code Agent.builder().listener(...)}
         */
        public Telemetry build() {
            return new Telemetry(new RunRecorder(openTelemetry, target.with(modelName, provider), agentName,
                    recordContent));
        }

        private static String requireText(String value, String name) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(name + " must not be blank");
            }
            return value.strip();
        }
    }
}
