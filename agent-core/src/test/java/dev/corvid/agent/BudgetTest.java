package dev.corvid.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.model.AssistantMessage;
import dev.corvid.model.Cost;
import dev.corvid.model.FinishReason;
import dev.corvid.model.ModelPrice;
import dev.corvid.model.ModelResponse;
import dev.corvid.model.PriceTable;
import dev.corvid.model.ToolCall;
import dev.corvid.model.Usage;
import dev.corvid.testing.ScriptedChatModel;
import dev.corvid.tool.Tool;
import java.util.List;
import org.junit.jupiter.api.Test;

class BudgetTest {

    static class Echo {
        @Tool
        public String echo(String text) {
            return text;
        }
    }

    private static final ModelPrice QWEN_PLUS = PriceTable.bundled().price("dashscope", "qwen-plus").orElseThrow();

    private static ModelResponse toolTurn(long prompt, long completion) {
        return new ModelResponse(AssistantMessage.ofToolCalls(List.of(ToolCall.of("c", "echo", "{\"text\":\"x\"}"))),
                FinishReason.TOOL_CALLS, Usage.of(prompt, completion), "qwen-plus", null);
    }

    private static ModelResponse answer(long prompt, long completion) {
        return new ModelResponse(AssistantMessage.of("done"), FinishReason.STOP, Usage.of(prompt, completion),
                "qwen-plus", null);
    }

    @Test
    void eachTurnAndTheRunReportTokensAndCostInTheProvidersCurrency() {
        ScriptedChatModel model = ScriptedChatModel.builder().reply(toolTurn(100_000, 10_000)).reply(answer(200_000, 50_000))
                .build();
        RunResult<String> result = Agent.builder().model(model).tools(new Echo()).price(QWEN_PLUS).build().run("go");

        // 100,000 x 4 + 10,000 x 12 CNY per million, then 200,000 x 4 + 50,000 x 12
        assertEquals(Cost.of("0.52", "CNY"), result.perTurn().get(0).cost());
        assertEquals(Cost.of("1.4", "CNY"), result.perTurn().get(1).cost());
        assertEquals(Cost.of("1.92", "CNY"), result.cost());
        assertEquals(360_000L, result.usage().totalTokens());
        assertEquals(2, result.turns());
    }

    @Test
    void withoutAPriceOrWithUnknownUsageTheCostIsUnknown() {
        RunResult<String> unpriced = Agent.builder().model(ScriptedChatModel.builder().reply(answer(10, 10)).build())
                .build().run("x");
        assertNull(unpriced.cost());

        ScriptedChatModel model = ScriptedChatModel.builder().reply(toolTurn(10, 10))
                .reply(ModelResponse.of(AssistantMessage.of("done"))).build();
        RunResult<String> partlyUnknown = Agent.builder().model(model).tools(new Echo()).price(QWEN_PLUS).build()
                .run("x");
        assertEquals(Cost.of("0.00016", "CNY"), partlyUnknown.perTurn().get(0).cost());
        assertNull(partlyUnknown.perTurn().get(1).cost());
        assertNull(partlyUnknown.cost());
    }

    @Test
    void crossingATokenBudgetEndsTheRunBeforeTheNextRequest() {
        ScriptedChatModel model = ScriptedChatModel.builder().reply(toolTurn(600, 100)).reply(toolTurn(700, 100))
                .reply(answer(800, 100)).build();
        RunResult<String> result = Agent.builder().model(model).tools(new Echo()).budget(Budget.tokens(1_000)).build()
                .run("go");

        assertEquals(RunOutcome.BUDGET_EXCEEDED, result.outcome());
        assertEquals(2, model.requests().size());
        assertEquals("the run used 1500 tokens of its budget of 1000", result.detail());
    }

    @Test
    void crossingAMoneyBudgetEndsTheRunBeforeTheNextRequest() {
        ScriptedChatModel model = ScriptedChatModel.builder().reply(toolTurn(100_000, 10_000)).reply(answer(1, 1)).build();
        RunResult<String> result = Agent.builder().model(model).tools(new Echo()).price(QWEN_PLUS)
                .budget(Budget.money(Cost.of("0.50", "CNY"))).build().run("go");

        assertEquals(RunOutcome.BUDGET_EXCEEDED, result.outcome());
        assertEquals(1, model.requests().size());
        assertEquals("the run cost 0.52 CNY of its budget of 0.5 CNY", result.detail());
    }

    @Test
    void aMoneyBudgetNeedsAPriceInTheSameCurrency() {
        Agent.Builder builder = Agent.builder().model(ScriptedChatModel.builder().answer("x").build())
                .budget(Budget.money(Cost.of("1", "RUB")));
        assertTrue(assertThrows(IllegalArgumentException.class, builder::build).getMessage().contains("call price("));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> builder.price(QWEN_PLUS).build()).getMessage()
                .contains("the budget is in RUB but the model is priced in CNY"));
    }
}
