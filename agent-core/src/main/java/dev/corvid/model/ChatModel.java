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

    /**
     * Returns how much this model reads and writes per request, as far as it is known: an agent keeps its
     * requests within the window (see {@code Agent.Builder#contextWindow(int)}).
     *
     * @return the limits; {@link Limits#UNKNOWN} unless the implementation knows them
     */
    default Limits limits() {
        return Limits.UNKNOWN;
    }

    /**
     * The token limits of a model.
     *
     * @param contextWindow the most tokens a request and its reply may hold together; null when unknown
     * @param maxOutputTokens the most tokens one reply may hold; null when unknown
     */
    record Limits(Integer contextWindow, Integer maxOutputTokens) {

        /** Nothing known. */
        public static final Limits UNKNOWN = new Limits(null, null);

        /**
         * Checks that known limits are positive.
         *
         * @param contextWindow the most tokens a request and its reply may hold together; null when unknown
         * @param maxOutputTokens the most tokens one reply may hold; null when unknown
         */
        public Limits {
            if (contextWindow != null && contextWindow < 1 || maxOutputTokens != null && maxOutputTokens < 1) {
                throw new IllegalArgumentException("token limits must be at least 1; use null for unknown");
            }
        }
    }
}
