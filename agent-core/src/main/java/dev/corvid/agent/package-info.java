/**
 * The agent loop: an {@link dev.corvid.agent.Agent} is immutable configuration (model, instructions,
 * tools, limits); each {@code run} sends the transcript to the model, runs the tools it asks for (several
 * at once), feeds the results back, and repeats until the model answers, returning a
 * {@link dev.corvid.agent.RunResult} that says how the run ended. Everything a run needs lives in the run,
 * so one agent serves many concurrent runs.
 */
package dev.corvid.agent;
