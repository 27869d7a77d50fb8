/**
 * Tools from Model Context Protocol servers: {@link dev.corvid.mcp.McpServer} starts or reaches one server
 * over stdio or Streamable HTTP and offers its tools as a {@link dev.corvid.tool.ToolSet};
 * {@link dev.corvid.mcp.McpTools} joins several with names that do not clash; {@link dev.corvid.mcp.McpConfig}
 * reads the {@code mcpServers} JSON format. No type of the MCP SDK or of Reactor appears in this API.
 */
package dev.corvid.mcp;
