/**
 * A suite of small Java tasks (bug fixes, features, refactors; each a tiny Maven project whose JUnit tests
 * fail until the task is done) and a harness that runs an agent on them and reports pass rate, turns,
 * tokens, cost and wall time.
 */
package dev.corvid.bench.tasks;
