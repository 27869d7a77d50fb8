package dev.corvid.openai;

import dev.corvid.model.ToolChoice.Mode;
import dev.corvid.openai.ModelProfile.EmptyContent;
import dev.corvid.openai.ModelProfile.SchemaDialect;
import dev.corvid.openai.ModelProfile.TextToolCalls;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Picks the {@link ModelProfile} for a model id: profiles for the families Corvid knows, the user's own
 * first, and {@link ModelProfile#DEFAULT} for the rest.
 *
 * <p>Matching ignores case, a {@code vendor/} prefix and a {@code :variant} suffix, so
 * {@code moonshotai/kimi-k2-0905:exacto} matches the rule for {@code kimi-k2}. A rule matches a model whose
 * normalised id starts with the rule's prefix (the open Qwen3 models are named by their sizes); the first
 * matching rule wins. Immutable and thread-safe.
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

    /** DashScope's qwen-max: no {@code required}, content never missing. */
    public static final ModelProfile QWEN_DASHSCOPE = new ModelProfile("qwen-dashscope", true,
            EnumSet.of(Mode.AUTO, Mode.NONE, Mode.TOOL), SchemaDialect.FULL, true, true, EmptyContent.EMPTY_STRING,
            TextToolCalls.NONE, 131_072, 8_192, false);

    /**
     * DashScope's qwen-plus and qwen-turbo, hybrid thinking models since their Qwen3 versions: as
     * {@link #QWEN_DASHSCOPE}, and {@code enable_thinking: false} on blocking calls, which DashScope rejects
     * in thinking mode.
     */
    public static final ModelProfile QWEN_DASHSCOPE_HYBRID = new ModelProfile("qwen-dashscope-hybrid", true,
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

    /** Qwen2.5 Coder: recovers its Hermes-style JSON calls, which a server without a tool parser leaves in the text. */
    public static final ModelProfile QWEN25_CODER = new ModelProfile("qwen2.5-coder", true,
            EnumSet.of(Mode.AUTO, Mode.NONE, Mode.TOOL), SchemaDialect.FULL, true, true, EmptyContent.EMPTY_STRING,
            TextToolCalls.HERMES_JSON, 131_072, 8_192, false);

    /**
     * The open hybrid thinking Qwen3 models (qwen3-32b, qwen3-235b-a22b, ...; not their later -instruct and
     * -thinking versions, which have one mode only): thinking by default, so only {@code auto} and
     * {@code none}, and {@code enable_thinking: false} on blocking calls, which DashScope requires and other
     * servers ignore; recovers the Hermes-style JSON calls a server without a tool parser leaves in the text.
     */
    public static final ModelProfile QWEN3 = new ModelProfile("qwen3", true, EnumSet.of(Mode.AUTO, Mode.NONE),
            SchemaDialect.FULL, true, false, EmptyContent.NULL, TextToolCalls.HERMES_JSON, null, null, true);

    /** The sizes of the hybrid Qwen3 release, with any suffix but those of the single-mode versions. */
    private static final Pattern QWEN3_HYBRID = Pattern.compile(
            "qwen3-(?:0\\.6b|1\\.7b|4b|8b|14b|32b|30b-a3b|235b-a22b)(?:-(?!.*(?:instruct|thinking)).*)?");

    /** A profile and the normalised model ids it serves. */
    private record Rule(Predicate<String> matches, ModelProfile profile) {

        /** Returns the rule for the ids that start with the prefix. */
        static Rule prefix(String prefix, ModelProfile profile) {
            return new Rule(id -> id.startsWith(prefix), profile);
        }
    }

    private static final ModelProfiles STANDARD = new ModelProfiles(List.of(
            Rule.prefix("qwen3-coder-flash", QWEN3_CODER_FLASH),
            Rule.prefix("qwen3-coder", QWEN3_CODER),
            new Rule(id -> QWEN3_HYBRID.matcher(id).matches(), QWEN3),
            Rule.prefix("kimi-k2", KIMI_K2),
            Rule.prefix("gemini-", GEMINI),
            Rule.prefix("qwen-long", QWEN_LONG),
            Rule.prefix("qwen-vl", QWEN_VL),
            Rule.prefix("qwen2.5-coder", QWEN25_CODER),
            Rule.prefix("qwen-max", QWEN_DASHSCOPE),
            Rule.prefix("qwen-plus", QWEN_DASHSCOPE_HYBRID),
            Rule.prefix("qwen-turbo", QWEN_DASHSCOPE_HYBRID)));

    private final List<Rule> rules;

    private ModelProfiles(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** {@return the profiles of the families Corvid knows} */
    public static ModelProfiles standard() {
        return STANDARD;
    }

    /**
     * {@return these profiles with a rule of the user's, checked before every other}
     *
     * @param modelPrefix the start of the normalised model id, such as {@code "my-finetune"}
     * @param profile the profile for matching models
     */
    public ModelProfiles with(String modelPrefix, ModelProfile profile) {
        if (modelPrefix == null || modelPrefix.isBlank() || profile == null) {
            throw new IllegalArgumentException("a profile rule needs a model id prefix and a profile");
        }
        List<Rule> extended = new ArrayList<>(rules.size() + 1);
        extended.add(Rule.prefix(normalise(modelPrefix), profile));
        extended.addAll(rules);
        return new ModelProfiles(extended);
    }

    /**
     * {@return the profile for a model id; {@link ModelProfile#DEFAULT} when no rule matches}
     *
     * @param modelId the model id, with or without a {@code vendor/} prefix and a {@code :variant} suffix
     */
    public ModelProfile forModel(String modelId) {
        String id = normalise(modelId);
        for (Rule rule : rules) {
            if (rule.matches().test(id)) {
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
