package dev.corvid.bench;

/**
 * What one agent run returned: the id its tools saw, and the model's final text.
 *
 * @param runId the id the tools counted their invocations under; never null
 * @param text the model's final answer; null when it gave none
 */
record Answer(String runId, String text) {
}
