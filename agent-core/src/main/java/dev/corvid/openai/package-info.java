/**
 * The client for servers that speak OpenAI's chat-completions protocol: {@link
 * dev.corvid.openai.OpenAiCompatibleModel} (built for a {@link dev.corvid.openai.Provider} preset or any base
 * URL) sends a model request as JSON over HttpClient 5, reads the reply whole or streamed (SSE), retries what
 * a retry can fix under a {@link dev.corvid.openai.RetryPolicy}, and throws the rest as typed
 * {@link dev.corvid.model.ModelException}s. A {@link dev.corvid.openai.ModelProfile}, chosen from the model id
 * by {@link dev.corvid.openai.ModelProfiles}, adapts requests to what a model family accepts. Wire records,
 * SSE parsing, error parsing and retries are package-private.
 */
package dev.corvid.openai;
