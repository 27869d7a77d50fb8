/**
 * Durable agent runs on Temporal: the same decision function over the same run state, with the model call
 * and every tool call as activities, so that a run survives crashes, deploys and waits of days.
 *
 * <p>A worker process registers the agent with {@link dev.corvid.temporal.CorvidWorker}; a client starts,
 * follows, approves and cancels runs with {@link dev.corvid.temporal.DurableRuns} and
 * {@link dev.corvid.temporal.DurableRun}. Corvid's own types travel through
 * {@link dev.corvid.temporal.CorvidPayloads}, a payload converter on Jackson 3; {@link
 * dev.corvid.temporal.DurableOptions} maps the agent's timeouts and Corvid's error types onto activity
 * options. The workflow and activity interfaces are public because Temporal needs them so; applications
 * do not call them.
 */
package dev.corvid.temporal;
