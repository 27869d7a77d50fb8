/**
 * The conversation with a language model as plain values: a {@link dev.corvid.model.ChatModel} takes a
 * {@link dev.corvid.model.ModelRequest} (the transcript of {@link dev.corvid.model.Message}s, the tool
 * definitions and the settings) and answers with a {@link dev.corvid.model.ModelResponse} (one assistant
 * message, why the model stopped, and the tokens it used). Nothing here knows about HTTP or about any
 * provider; every type is immutable and safe to share between threads.
 */
package dev.corvid.model;
