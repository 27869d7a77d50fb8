/**
 * The agent loop: an {@link dev.corvid.agent.Agent} is immutable configuration (model, instructions,
 * tools, limits); a run's decisions are made by {@link dev.corvid.agent.RunMachine}, a pure function from a
 * {@link dev.corvid.agent.RunState} and an {@link dev.corvid.agent.Observation} to the next
 * {@link dev.corvid.agent.Step} (ask the model, run calls, await approvals, finish), and carried out by a
 * runner: in process behind {@code agent.run}, resumed from a saved state, or in a durable workflow. Every
 * run reports {@link dev.corvid.agent.RunEvent}s and ends with a {@link dev.corvid.agent.RunResult} that says
 * how. Everything a run needs lives in its state, so one agent serves many concurrent runs.
 */
package dev.corvid.agent;
