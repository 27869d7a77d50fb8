package dev.corvid.model;

/**
 * A language model that answers a transcript with one assistant message.
 *
 * <p>Implementations talk to a provider (see {@code dev.corvid.openai.OpenAiCompatibleModel}) or replay
 * a script in tests (see {@code dev.corvid.testing.ScriptedChatModel}). A model that streams reports text
 * as it arrives to {@link ModelRequest#listener()} and still returns the whole assembled response.
 *
 * <p>Implementations must be safe for concurrent use: one model serves every run of every agent built
 * on it. They should stop promptly when {@link ModelRequest#cancellation()} fires, by throwing
 * {@link ModelException} or an unchecked exception of their own.
 */
@FunctionalInterface
public interface ChatModel {

    /**
     * Sends the request and returns the model's answer.
     *
     * @param request the transcript, tools and settings; never null
     * @return the assembled response; never null
     * @throws ModelException when the provider or the transport fails
     */
    ModelResponse complete(ModelRequest request);
}
