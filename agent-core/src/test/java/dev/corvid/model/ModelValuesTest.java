package dev.corvid.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelValuesTest {

    @Test
    void settingsOutOfRangeFailWithTheRange() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelSettings.builder().temperature(2.5).build())
                .getMessage().contains("between 0 and 2"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelSettings.builder().topP(-0.1).build())
                .getMessage().contains("between 0 and 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelSettings.builder().maxTokens(0).build())
                .getMessage().contains("at least 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelSettings.builder().extraBody("top_k", null))
                .getMessage().contains("needs a value"));
    }

    @Test
    void extraBodyFieldsKeepTheirOrderAndValues() {
        ModelSettings settings = ModelSettings.builder().extraBody("top_k", 20).extraBody("enable_thinking", false)
                .build();
        assertEquals(List.of("top_k", "enable_thinking"), List.copyOf(settings.extraBody().keySet()));
        assertEquals(false, settings.toBuilder().build().extraBody().get("enable_thinking"));
    }

    @Test
    void aNamedToolChoiceNeedsAValidName() {
        assertEquals("add", ToolChoice.tool("add").toolName());
        assertThrows(IllegalArgumentException.class, () -> ToolChoice.tool("not valid"));
    }

    @Test
    void unknownUsageStaysUnknownInSums() {
        Usage sum = Usage.of(10, 5).plus(new Usage(3L, null, null, null, null));
        assertEquals(13L, sum.promptTokens());
        assertNull(sum.completionTokens());
        assertNull(sum.totalTokens());
    }

    @Test
    void finishReasonsFromProvidersMapToTheClosedSet() {
        assertEquals(FinishReason.TOOL_CALLS, FinishReason.fromWire("tool_calls"));
        assertEquals(FinishReason.LENGTH, FinishReason.fromWire("length"));
        assertEquals(FinishReason.CONTENT_FILTER, FinishReason.fromWire("content_filter"));
        assertEquals(FinishReason.OTHER, FinishReason.fromWire("error"));
        assertEquals(FinishReason.OTHER, FinishReason.fromWire(null));
    }

    @Test
    void cancellationRunsRegisteredActionsOnceAndLateOnesAtOnce() {
        Cancellation cancellation = new Cancellation();
        int[] runs = new int[2];
        Cancellation.Registration removed = cancellation.onCancel(() -> runs[1]++);
        cancellation.onCancel(() -> runs[0]++);
        removed.close();
        cancellation.cancel();
        cancellation.cancel();
        assertEquals(1, runs[0]);
        assertEquals(0, runs[1]);
        cancellation.onCancel(() -> runs[0]++);
        assertEquals(2, runs[0]);
    }
}
