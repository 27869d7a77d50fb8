package dev.corvid.openai;

import dev.corvid.model.ToolChoice.Mode;
import dev.corvid.openai.ModelProfile.EmptyContent;
import dev.corvid.openai.ModelProfile.SchemaDialect;
import dev.corvid.openai.ModelProfile.TextToolCalls;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

/**
 * Picks the {@link ModelProfile} for a model id: profiles for the families Corvid knows, the user's own
 * first, and {@link ModelProfile#DEFAULT} for the rest.
 *
 * <p>Matching ignores case, a {@code vendor/} prefix and a {@code :variant} suffix, so
 * {@code moonshotai/kimi-k2-0905:exacto} matches the rule for {@code kimi-k2}. A rule matches a model whose
 * normalised id starts with the rule's prefix; the first matching rule wins. Immutable and thread-safe.
 */
public final class ModelProfiles {

    /** Qwen3 Coder and its Flash, Plus and Next variants: recovers its XML tool calls leaked into text. */
    public static final ModelProfile QWEN3_CODER = new ModelProfile("qwen3-coder", true,
            EnumSet.allOf(Mode.class), SchemaDialect.FULL, true, true, EmptyContent.NULL, TextToolCalls.QWEN_XML,
            262_144, null, false);

    /** Qwen3 Coder Flash, with its smaller context window. */
    public static final ModelProfile QWEN3_CODER_FLASH = new ModelProfile("qwen3-coder-flash", true,
            EnumSet.allOf(Mode.class), SchemaDialect.FULL, true, true, EmptyContent.NULL, TextToolCalls.QWEN_XML,
            128_000, null, false);

    /** Kimi K2: only {@code auto} and {@code none}; reasoning kept in history; recovers its token-format calls. */
    public static final ModelProfile KIMI_K2 = new ModelProfile("kimi-k2", true, EnumSet.of(Mode.AUTO, Mode.NONE),
            SchemaDialect.FULL, true, true, EmptyContent.NULL, TextToolCalls.KIMI_TOKENS, 262_144, null, false);

    /** Gemini 2.x behind OpenAI-compatible layers: no {@code parallel_tool_calls}, sanitised schemas. */
    public static final ModelProfile GEMINI = new ModelProfile("gemini", false,
            EnumSet.of(Mode.AUTO, Mode.NONE, Mode.REQUIRED), SchemaDialect.GEMINI, true, false, EmptyContent.NULL,
            TextToolCalls.NONE, 1_048_576, null, false);

    /**
     * DashScope's qwen-max, qwen-plus and qwen-turbo: no {@code required}, content never missing, and
     * {@code enable_thinking: false} on blocking calls (the hybrid qwen-plus and qwen-turbo reject a blocking
     * call in thinking mode; qwen-max ignores the field).
     */
    public static final ModelProfile QWEN_DASHSCOPE = new ModelProfile("qwen-dashscope", true,
            EnumSet.of(Mode.AUTO, Mode.NONE, Mode.TOOL), SchemaDialect.FULL, true, true, EmptyContent.EMPTY_STRING,
            TextToolCalls.NONE, 131_072, 8_192, true);

    /** DashScope's qwen-long, which rejects an assistant tool-call message without content. */
    public static final ModelProfile QWEN_LONG = new ModelProfile("qwen-long", true,
            EnumSet.of(Mode.AUTO, Mode.NONE, Mode.TOOL), SchemaDialect.FULL, true, true, EmptyContent.EMPTY_STRING,
            TextToolCalls.NONE, 1_000_000, 6_144, false);

    /** DashScope's vision models qwen-vl-max and qwen-vl-plus. */
    public static final ModelProfile QWEN_VL = new ModelProfile("qwen-vl", true,
            EnumSet.of(Mode.AUTO, Mode.NONE, Mode.TOOL), SchemaDialect.FULL, true, true, EmptyContent.EMPTY_STRING,
            TextToolCalls.NONE, 32_768, 8_192, false);

    /** Qwen2.5 Coder on DashScope. */
    public static final ModelProfile QWEN25_CODER = new ModelProfile("qwen2.5-coder", true,
            EnumSet.of(Mode.AUTO, Mode.NONE, Mode.TOOL), SchemaDialect.FULL, true, true, EmptyContent.EMPTY_STRING,
            TextToolCalls.QWEN_XML, 131_072, 8_192, false);

    /**
     * The open Qwen3 models on DashScope (qwen3-235b-a22b, qwen3-32b, ...): thinking by default, so only
     * {@code auto} and {@code none}, and {@code enable_thinking: false} on blocking calls, which DashScope
     * rejects in thinking mode.
     */
    public static final ModelProfile QWEN3 = new ModelProfile("qwen3", true, EnumSet.of(Mode.AUTO, Mode.NONE),
            SchemaDialect.FULL, true, true, EmptyContent.EMPTY_STRING, TextToolCalls.NONE, 131_072, null, true);

    private record Rule(String prefix, ModelProfile profile) {
    }

    private static final ModelProfiles STANDARD = new ModelProfiles(List.of(
            new Rule("qwen3-coder-flash", QWEN3_CODER_FLASH),
            new Rule("qwen3-coder", QWEN3_CODER),
            new Rule("kimi-k2", KIMI_K2),
            new Rule("gemini-", GEMINI),
            new Rule("qwen-long", QWEN_LONG),
            new Rule("qwen-vl", QWEN_VL),
            new Rule("qwen2.5-coder", QWEN25_CODER),
            new Rule("qwen3-", QWEN3),
            new Rule("qwen-max", QWEN_DASHSCOPE),
            new Rule("qwen-plus", QWEN_DASHSCOPE),
            new Rule("qwen-turbo", QWEN_DASHSCOPE)));

    private final List<Rule> rules;

    private ModelProfiles(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** Returns the profiles of the families Corvid knows. */
    public static ModelProfiles standard() {
        return STANDARD;
    }

    /**
     * Returns these profiles with a rule of the user's, checked before every other.
     *
     * @param modelPrefix the start of the normalised model id, such as {@code "my-finetune"}
     * @param profile the profile for matching models
     */
    public ModelProfiles with(String modelPrefix, ModelProfile profile) {
        if (modelPrefix == null || modelPrefix.isBlank() || profile == null) {
            throw new IllegalArgumentException("a profile rule needs a model id prefix and a profile");
        }
        List<Rule> extended = new ArrayList<>(rules.size() + 1);
        extended.add(new Rule(normalise(modelPrefix), profile));
        extended.addAll(rules);
        return new ModelProfiles(extended);
    }

    /** Returns the profile for a model id; {@link ModelProfile#DEFAULT} when no rule matches. */
    public ModelProfile forModel(String modelId) {
        String id = normalise(modelId);
        for (Rule rule : rules) {
            if (id.startsWith(rule.prefix())) {
                return rule.profile();
            }
        }
        return ModelProfile.DEFAULT;
    }

    /** Lower-cases the id and drops a {@code vendor/} prefix and a {@code :variant} suffix. */
    static String normalise(String modelId) {
        if (modelId == null) {
            return "";
        }
        String id = modelId.strip().toLowerCase(Locale.ROOT);
        int slash = id.lastIndexOf('/');
        if (slash >= 0) {
            id = id.substring(slash + 1);
        }
        int colon = id.indexOf(':');
        return colon >= 0 ? id.substring(0, colon) : id;
    }
}
