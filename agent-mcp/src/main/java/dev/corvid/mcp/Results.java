package dev.corvid.mcp;

import dev.corvid.tool.ToolResult;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/** Turns what an MCP server returned from a tool call into the text the model reads. */
final class Results {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Results() {
    }

    /**
     * Returns the model's view of a result: text as it is, structured content as JSON where the tool declares
     * an output schema or gives no text, anything else as a line saying what it was.
     */
    static ToolResult toResult(String toolName, McpSchema.CallToolResult result, boolean hasOutputSchema) {
        List<String> texts = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (McpSchema.Content content : result.content() == null ? List.<McpSchema.Content>of() : result.content()) {
            if (content instanceof McpSchema.TextContent text) {
                texts.add(text.text());
            } else {
                others.add(describe(content));
            }
        }
        List<String> parts = new ArrayList<>();
        if (result.structuredContent() != null && (hasOutputSchema || texts.isEmpty())) {
            parts.add(JSON.writeValueAsString(result.structuredContent()));
        } else {
            parts.addAll(texts);
        }
        parts.addAll(others);
        String text = String.join("\n", parts);
        if (Boolean.TRUE.equals(result.isError())) {
            return ToolResult.failure("Error from " + toolName + ": "
                    + (text.isBlank() ? "the server reported a failure without a message" : text));
        }
        return ToolResult.success(text);
    }

    private static String describe(McpSchema.Content content) {
        if (content instanceof McpSchema.ImageContent image) {
            return "[image: " + image.mimeType() + ", " + size(decodedLength(image.data())) + "]";
        }
        if (content instanceof McpSchema.AudioContent audio) {
            return "[audio: " + audio.mimeType() + ", " + size(decodedLength(audio.data())) + "]";
        }
        if (content instanceof McpSchema.ResourceLink link) {
            return "[resource link: " + link.uri() + (link.mimeType() == null ? "" : ", " + link.mimeType())
                    + (link.size() == null ? "" : ", " + size(link.size())) + "]";
        }
        if (content instanceof McpSchema.EmbeddedResource embedded) {
            McpSchema.ResourceContents resource = embedded.resource();
            if (resource instanceof McpSchema.TextResourceContents text) {
                return "[resource: " + text.uri() + ", " + mime(text.mimeType(), "text/plain") + ", "
                        + text.text().length() + " characters]\n" + text.text();
            }
            if (resource instanceof McpSchema.BlobResourceContents blob) {
                return "[resource: " + blob.uri() + ", " + mime(blob.mimeType(), "application/octet-stream") + ", "
                        + size(decodedLength(blob.blob())) + "]";
            }
        }
        return "[" + content.type() + " content]";
    }

    private static String mime(String mimeType, String fallback) {
        return mimeType == null ? fallback : mimeType;
    }

    /** Returns the length of what base64 text decodes to, without decoding it. */
    private static long decodedLength(String base64) {
        if (base64 == null) {
            return 0;
        }
        int padding = base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0;
        return Math.max(0, base64.length() * 3L / 4 - padding);
    }

    private static String size(long bytes) {
        return bytes < 1024 ? bytes + " bytes" : String.format(java.util.Locale.ROOT, "%.1f KB", bytes / 1024.0);
    }
}
