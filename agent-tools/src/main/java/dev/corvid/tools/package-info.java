/**
 * Ready tools for coding agents, confined to one workspace directory: reading, writing and editing files,
 * listing and searching them with {@code .gitignore} honoured, and running shell commands.
 * {@link dev.corvid.tools.CodingTools} is the entry point; everything else here is internal.
 */
package dev.corvid.tools;
