/**
 * A kit for testing agents without a network or a key, shipped as the {@code agent-test} artifact so that
 * production jars carry none of it. {@link dev.corvid.testing.ScriptedChatModel} replies from a script and
 * records every request it was sent, so a test can drive an agent through tool calls and check both the
 * result and what the model was told; {@link dev.corvid.testing.FakeOpenAiServer} is a real
 * OpenAI-compatible HTTP server on 127.0.0.1 that sends scripted {@link dev.corvid.testing.Reply replies}
 * (whole, streamed, failing, late or broken) and records each {@link dev.corvid.testing.RecordedRequest}, so
 * a test exercises the HTTP client, its retries and a provider's wire format.
 */
package dev.corvid.testing;
