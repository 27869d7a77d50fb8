/**
 * The {@code corvid} command line: a coding agent over the tools of {@code agent-tools}, against any
 * OpenAI-compatible endpoint, one task at a time or in an interactive session on a terminal, with an
 * offline demo that needs no account.
 */
package dev.corvid.samples.cli;
