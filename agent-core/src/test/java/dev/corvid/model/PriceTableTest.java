package dev.corvid.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PriceTableTest {

    private static final PriceTable BUNDLED = PriceTable.bundled();

    private static Cost cost(String provider, String model, Usage usage) {
        return BUNDLED.price(provider, model).orElseThrow().cost(usage);
    }

    @Test
    void theBundledTableHoldsEveryPricedModelOfTheProviders() {
        assertEquals(List.of("routerai", "wcode", "dashscope"), BUNDLED.providers());
        assertEquals(List.of("qwen/qwen3-coder-flash", "google/gemini-2.0-flash-001", "moonshotai/kimi-k2-0905:exacto"),
                BUNDLED.models("routerai"));
        assertEquals(List.of("qwen/qwen3-coder"), BUNDLED.models("wcode"));
        assertEquals(List.of("qwen-max", "qwen-plus", "qwen-turbo", "qwen-long"), BUNDLED.models("dashscope"));
    }

    @Test
    void qwen3CoderFlashUpTo32kPromptTokensUsesTheLowerTier() {
        // 10,000 x 30 RUB/M + 1,000 x 151 RUB/M
        assertEquals(Cost.of("0.451", "RUB"), cost("routerai", "qwen/qwen3-coder-flash", Usage.of(10_000, 1_000)));
        // exactly 32,000 prompt tokens is still the lower tier: 32,000 x 30/M
        assertEquals(Cost.of("0.96", "RUB"), cost("routerai", "qwen/qwen3-coder-flash", Usage.of(32_000, 0)));
    }

    @Test
    void qwen3CoderFlashAbove32kPromptTokensUsesTheHigherTierWithItsCachePrice() {
        // 32,001 x 50 RUB/M
        assertEquals(Cost.of("1.60005", "RUB"), cost("routerai", "qwen/qwen3-coder-flash", Usage.of(32_001, 0)));
        // 35,000 x 50 + 5,000 cached x 12 + 2,000 x 252, per million
        Usage usage = new Usage(40_000L, 2_000L, 5_000L, null, null);
        assertEquals(Cost.of("2.314", "RUB"), cost("routerai", "qwen/qwen3-coder-flash", usage));
    }

    @Test
    void geminiChargesCacheReadsAndWritesAtTheirOwnPrices() {
        // 700 x 15 + 200 cached x 3 + 100 written x 23 + 500 x 60, per million
        Usage usage = new Usage(1_000L, 500L, 200L, 100L, null);
        assertEquals(Cost.of("0.0434", "RUB"), cost("routerai", "google/gemini-2.0-flash-001", usage));
    }

    @Test
    void kimiK2AndTheWcodeAndDashScopeModelsUseTheirListedPrices() {
        assertEquals(Cost.of("0.924", "RUB"), cost("routerai", "moonshotai/kimi-k2-0905:exacto", Usage.of(1_000, 1_000)));
        // the example response of wcode: 12 prompt and 96 completion tokens at 3.75 and 15 CNY/M
        assertEquals(Cost.of("0.001485", "CNY"), cost("wcode", "qwen/qwen3-coder", Usage.of(12, 96)));
        assertEquals(Cost.of("80", "CNY"), cost("dashscope", "qwen-max", Usage.of(1_000_000, 1_000_000)));
        assertEquals(Cost.of("16", "CNY"), cost("dashscope", "qwen-plus", Usage.of(1_000_000, 1_000_000)));
        assertEquals(Cost.of("4", "CNY"), cost("dashscope", "qwen-turbo", Usage.of(1_000_000, 1_000_000)));
        assertEquals(Cost.of("2.5", "CNY"), cost("dashscope", "qwen-long", Usage.of(1_000_000, 1_000_000)));
    }

    @Test
    void unknownUsageHasUnknownCost() {
        assertNull(cost("dashscope", "qwen-plus", Usage.UNKNOWN));
    }

    @Test
    void aUserTableOverridesAndExtendsTheBundledOne() {
        PriceTable mine = PriceTable.fromJson("{\"dashscope\": {\"currency\": \"CNY\", \"models\": {"
                + "\"qwen-plus\": {\"input\": 0.8, \"output\": 2}}}, \"local\": {\"currency\": \"USD\", \"models\": {"
                + "\"llama\": {\"input\": 0, \"output\": 0}}}}");
        PriceTable merged = BUNDLED.merge(mine);
        assertEquals(Cost.of("2.8", "CNY"), merged.price("dashscope", "qwen-plus").orElseThrow()
                .cost(Usage.of(1_000_000, 1_000_000)));
        assertEquals(Cost.of("80", "CNY"), merged.price("dashscope", "qwen-max").orElseThrow()
                .cost(Usage.of(1_000_000, 1_000_000)));
        assertTrue(merged.price("local", "llama").isPresent());
        assertTrue(merged.with("x", "y", ModelPrice.of("EUR", "1", "2")).price("x", "y").isPresent());
    }

    @Test
    void aMalformedTableSaysWhereItIsWrong() {
        String message = assertThrows(IllegalArgumentException.class, () -> PriceTable.fromJson(
                "{\"p\": {\"currency\": \"CNY\", \"models\": {\"m\": {\"output\": 1}}}}")).getMessage();
        assertTrue(message.contains("provider 'p', model 'm': missing \"input\" price"), message);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PriceTable.fromJson("{\"p\": {\"models\": {}}}"))
                .getMessage().contains("ISO 4217"));
    }
}
