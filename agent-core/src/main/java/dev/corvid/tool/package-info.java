/**
 * Tools the model can call: methods annotated with {@link dev.corvid.tool.Tool}, or tools built in code
 * with {@link dev.corvid.tool.FunctionTool#of}. A {@link dev.corvid.tool.Toolbox} collects them, generates each
 * tool's JSON schema once from the Java types (with Jakarta constraints), and on every call parses, binds
 * and validates the model's arguments before the method runs; whatever goes wrong becomes a
 * {@link dev.corvid.tool.ToolResult} the model can read and act on.
 */
package dev.corvid.tool;
