/**
 * The {@code corvid} command line: a coding agent over the tools of {@code agent-tools}, against any
 * OpenAI-compatible endpoint, with an offline demo that needs no account.
 */
package dev.corvid.samples.cli;
