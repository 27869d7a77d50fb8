/**
 * A kit for testing agents without a network or a key: {@link dev.corvid.testing.ScriptedChatModel}
 * replies from a script and records every request it was sent, so a test can drive an agent through tool
 * calls and check both the result and what the model was told.
 */
package dev.corvid.testing;
