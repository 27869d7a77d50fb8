package dev.corvid.session;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * How the requests of a session's runs are compacted: what a run sends in place of the session's older
 * messages, kept with the session so that its next run goes on from the summary instead of summarising
 * the same conversation again. The stored messages themselves stay whole.
 *
 * <p>A run on the session sends its instructions, the summary, then the session's messages from
 * {@code keptFrom} on, with the tool outputs before {@code cutThrough} cut to their head and tail. Messages
 * are only ever appended to a session, so a compaction stays true of the session however many messages
 * come after it.
 *
 * @param keptFrom the index among the session's messages of the first one sent as it stands after the
 *     summary; 0 when there is no summary
 * @param summary the model's summary of the messages before {@code keptFrom}; null when there is none
 * @param cutThrough tool messages before this index are sent cut; 0 when none is
 */
public record SessionCompaction(int keptFrom, String summary, int cutThrough) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * Checks the fields.
     *
     * @param keptFrom the index of the first message sent as it stands after the summary; 0 for none
     * @param summary the summary; null when there is none
     * @param cutThrough tool messages before this index are sent cut; 0 when none is
     */
    public SessionCompaction {
        if (keptFrom < 0 || cutThrough < 0) {
            throw new IllegalArgumentException("keptFrom and cutThrough must not be negative, were " + keptFrom
                    + " and " + cutThrough);
        }
        if ((summary == null) != (keptFrom == 0)) {
            throw new IllegalArgumentException("a summary comes with the index of the first message kept after it, "
                    + "and only then; were " + keptFrom + " and " + (summary == null ? "no summary" : "a summary"));
        }
    }

    /** {@return this compaction as a JSON object, as stores keep it} */
    String toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("keptFrom", keptFrom);
        node.put("summary", summary);
        node.put("cutThrough", cutThrough);
        return JSON.writeValueAsString(node);
    }

    /**
     * Reads a compaction a store kept.
     *
     * @throws IllegalArgumentException when the text is no compaction
     */
    static SessionCompaction fromJson(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            JsonNode summary = node.get("summary");
            return new SessionCompaction(node.path("keptFrom").asInt(0),
                    summary == null || summary.isNull() ? null : summary.asString(), node.path("cutThrough").asInt(0));
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not a session compaction: " + e.getOriginalMessage(), e);
        }
    }
}
