package dev.corvid.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.model.ToolChoice;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelProfilesTest {

    private static final ModelProfiles PROFILES = ModelProfiles.standard();

    @Test
    void everyModelOfTheSeedsGetsItsFamilysProfile() {
        assertSame(ModelProfiles.QWEN3_CODER_FLASH, PROFILES.forModel("qwen/qwen3-coder-flash"));
        assertSame(ModelProfiles.QWEN3_CODER, PROFILES.forModel("qwen/qwen3-coder"));
        assertSame(ModelProfiles.QWEN3_CODER, PROFILES.forModel("qwen3-coder-plus"));
        assertSame(ModelProfiles.QWEN3_CODER, PROFILES.forModel("Qwen/Qwen3-Coder-Next"));
        assertSame(ModelProfiles.KIMI_K2, PROFILES.forModel("moonshotai/kimi-k2-0905:exacto"));
        assertSame(ModelProfiles.GEMINI, PROFILES.forModel("google/gemini-2.0-flash-001"));
        assertSame(ModelProfiles.QWEN_DASHSCOPE, PROFILES.forModel("qwen-max"));
        assertSame(ModelProfiles.QWEN_DASHSCOPE_HYBRID, PROFILES.forModel("qwen-plus"));
        assertSame(ModelProfiles.QWEN_DASHSCOPE_HYBRID, PROFILES.forModel("qwen-turbo-latest"));
        assertSame(ModelProfiles.QWEN_LONG, PROFILES.forModel("qwen-long"));
        assertSame(ModelProfiles.QWEN_VL, PROFILES.forModel("qwen-vl-max"));
        assertSame(ModelProfiles.QWEN_VL, PROFILES.forModel("qwen-vl-plus"));
        assertSame(ModelProfiles.QWEN25_CODER, PROFILES.forModel("qwen2.5-coder-32b"));
    }

    @Test
    void onlyTheHybridQwen3ModelsHaveTheThinkingSwitch() {
        for (String id : List.of("qwen3-32b", "qwen/qwen3-235b-a22b", "qwen3-30b-a3b:free", "qwen3-0.6b",
                "Qwen/Qwen3-8B-FP8")) {
            assertSame(ModelProfiles.QWEN3, PROFILES.forModel(id), id);
        }
        for (String id : List.of("qwen3-235b-a22b-instruct-2507", "qwen3-235b-a22b-thinking-2507", "qwen3-max",
                "qwen3-coder-plus", "qwen3-vl-plus", "qwen3-320b")) {
            assertFalse(PROFILES.forModel(id).thinkingSwitch(), id);
        }
        assertTrue(ModelProfiles.QWEN_DASHSCOPE_HYBRID.thinkingSwitch());
        assertFalse(ModelProfiles.QWEN_DASHSCOPE.thinkingSwitch());
        assertFalse(ModelProfile.DEFAULT.thinkingSwitch());
    }

    @Test
    void anUnknownModelGetsTheSafeDefault() {
        assertSame(ModelProfile.DEFAULT, PROFILES.forModel("gpt-4o-mini"));
        assertSame(ModelProfile.DEFAULT, PROFILES.forModel("llama3.1:8b"));
        assertSame(ModelProfile.DEFAULT, PROFILES.forModel(null));
    }

    @Test
    void aUsersRuleWinsOverTheStandardOnes() {
        ModelProfile mine = ModelProfile.DEFAULT.withTextToolCalls(ModelProfile.TextToolCalls.QWEN_XML);
        ModelProfiles profiles = PROFILES.with("qwen3-coder", mine);
        assertSame(mine, profiles.forModel("qwen/qwen3-coder:free"));
        assertSame(ModelProfiles.KIMI_K2, profiles.forModel("kimi-k2"));
    }

    @Test
    void profilesKnowWhatTheirModelsAccept() {
        assertFalse(ModelProfiles.KIMI_K2.accepts(ToolChoice.REQUIRED));
        assertTrue(ModelProfiles.KIMI_K2.accepts(ToolChoice.AUTO));
        assertFalse(ModelProfiles.QWEN_DASHSCOPE.accepts(ToolChoice.REQUIRED));
        assertFalse(ModelProfiles.GEMINI.parallelToolCalls());
        assertEquals(ModelProfile.EmptyContent.EMPTY_STRING, ModelProfiles.QWEN_LONG.emptyContent());
        assertEquals(1_000_000, ModelProfiles.QWEN_LONG.contextWindow());
        assertEquals(6_144, ModelProfiles.QWEN_LONG.maxOutputTokens());
    }
}
