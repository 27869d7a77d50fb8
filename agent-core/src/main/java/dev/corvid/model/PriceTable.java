package dev.corvid.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Model prices by provider and model id, as data: the bundled table of the providers Corvid knows, which a
 * user can extend or override with their own JSON.
 *
 * <p>The JSON maps a provider to its currency and models; a model has either flat prices or tiers by
 * prompt size, all per million tokens:
 *
 * <pre>{@code
 * {"routerai": {"currency": "RUB", "models": {
 *     "qwen/qwen3-coder-flash": {"tiers": [
 *         {"up_to_prompt_tokens": 32000, "input": 30, "output": 151, "cache_read": 8},
 *         {"input": 50, "output": 252, "cache_read": 12}]},
 *     "google/gemini-2.0-flash-001": {"input": 15, "output": 60, "cache_read": 3, "cache_write": 23}}}}
 * }</pre>
 *
 * <p>Prices change: the bundled ones were copied from the providers' pages and may be out of date. Immutable
 * and thread-safe.
 */
public final class PriceTable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String BUNDLED = "prices.json";

    private final Map<String, Map<String, ModelPrice>> prices;

    private PriceTable(Map<String, Map<String, ModelPrice>> prices) {
        Map<String, Map<String, ModelPrice>> copy = new LinkedHashMap<>();
        prices.forEach((provider, models) -> copy.put(provider, Collections.unmodifiableMap(new LinkedHashMap<>(models))));
        this.prices = Collections.unmodifiableMap(copy);
    }

    /** {@return a table without prices} */
    public static PriceTable empty() {
        return new PriceTable(Map.of());
    }

    /** {@return the prices bundled with Corvid} */
    public static PriceTable bundled() {
        try (InputStream in = PriceTable.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException("the bundled price table " + BUNDLED + " is missing from the jar");
            }
            return fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a table from JSON in the shape shown above.
     *
     * @param json the table, in the format of the bundled {@code prices.json}
     * @return the table
     * @throws IllegalArgumentException when the JSON does not have that shape, saying where
     */
    public static PriceTable fromJson(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("price table is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("a price table must be a JSON object of providers");
        }
        Map<String, Map<String, ModelPrice>> prices = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> provider : root.properties()) {
            String where = "provider '" + provider.getKey() + "'";
            Currency currency;
            try {
                currency = Currency.getInstance(provider.getValue().path("currency").asString(""));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + " needs an ISO 4217 \"currency\" such as \"CNY\"", e);
            }
            Map<String, ModelPrice> models = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> model : provider.getValue().path("models").properties()) {
                models.put(model.getKey(), price(currency, model.getValue(), where + ", model '" + model.getKey() + "'"));
            }
            prices.put(provider.getKey(), models);
        }
        return new PriceTable(prices);
    }

    private static ModelPrice price(Currency currency, JsonNode model, String where) {
        List<ModelPrice.Tier> tiers = new ArrayList<>();
        JsonNode tierNodes = model.has("tiers") ? model.get("tiers") : JSON.createArrayNode().add(model);
        for (JsonNode tier : tierNodes) {
            try {
                tiers.add(new ModelPrice.Tier(tier.path("up_to_prompt_tokens").asLong(Long.MAX_VALUE),
                        decimal(tier, "input", true), decimal(tier, "output", true), decimal(tier, "cache_read", false),
                        decimal(tier, "cache_write", false)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
        return new ModelPrice(currency, tiers);
    }

    private static BigDecimal decimal(JsonNode node, String field, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new IllegalArgumentException("missing \"" + field + "\" price");
            }
            return null;
        }
        if (!value.isNumber()) {
            throw new IllegalArgumentException("\"" + field + "\" must be a number");
        }
        return value.decimalValue();
    }

    /**
     * {@return the price of a model at a provider, if the table has it}
     *
     * @param provider the provider's short name, such as {@code dashscope}
     * @param model the model id
     */
    public Optional<ModelPrice> price(String provider, String model) {
        return Optional.ofNullable(prices.getOrDefault(provider, Map.of()).get(model));
    }

    /** {@return the providers in the table} */
    public List<String> providers() {
        return List.copyOf(prices.keySet());
    }

    /**
     * {@return the model ids priced for a provider}
     *
     * @param provider the provider's short name, such as {@code dashscope}
     */
    public List<String> models(String provider) {
        return List.copyOf(prices.getOrDefault(provider, Map.of()).keySet());
    }

    /**
     * {@return this table with a model's price added or replaced}
     *
     * @param provider the provider's short name, such as {@code dashscope}
     * @param model the model id
     * @param price the model's price
     */
    public PriceTable with(String provider, String model, ModelPrice price) {
        Map<String, Map<String, ModelPrice>> copy = new LinkedHashMap<>();
        prices.forEach((name, models) -> copy.put(name, new LinkedHashMap<>(models)));
        copy.computeIfAbsent(provider, name -> new LinkedHashMap<>()).put(model, price);
        return new PriceTable(copy);
    }

    /**
     * {@return this table with every price of the other added, the other's winning where both have one}
     *
     * @param other the table whose prices win where both have one
     */
    public PriceTable merge(PriceTable other) {
        PriceTable merged = this;
        for (Map.Entry<String, Map<String, ModelPrice>> provider : other.prices.entrySet()) {
            for (Map.Entry<String, ModelPrice> model : provider.getValue().entrySet()) {
                merged = merged.with(provider.getKey(), model.getKey(), model.getValue());
            }
        }
        return merged;
    }
}
