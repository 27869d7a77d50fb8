/**
 * A benchmark of one agent run through Corvid against the same loop written by hand with HttpClient 5 and
 * Jackson 3: a mock OpenAI-compatible server in its own JVM, the two clients, and an orchestrator that
 * launches every client in a fresh JVM, compares them and writes {@code bench/results.md}.
 */
package dev.corvid.bench;
