package dev.corvid.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.model.ResponseFormat;
import dev.corvid.model.UserMessage;
import dev.corvid.testing.ScriptedChatModel;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.util.List;
import org.junit.jupiter.api.Test;

class StructuredOutputTest {

    record CityFacts(@NotBlank String city, @Min(0) long population, List<String> landmarks,
                     @Min(1) @Max(5) int rating) {
    }

    @Test
    void theAnswerIsBoundToTheTypeAndTheSchemaIsRequested() {
        ScriptedChatModel model = ScriptedChatModel.builder()
                .answer("{\"city\": \"Paris\", \"population\": 2100000, \"landmarks\": [\"Louvre\"], \"rating\": 5}")
                .build();
        RunResult<CityFacts> result = Agent.builder().model(model).build().run("Tell me about Paris", CityFacts.class);

        assertEquals(new CityFacts("Paris", 2_100_000, List.of("Louvre"), 5), result.output());
        ResponseFormat format = model.lastRequest().settings().responseFormat();
        assertEquals(ResponseFormat.Type.JSON_SCHEMA, format.type());
        assertEquals("city_facts", format.name());
        assertEquals("integer", format.schema().path("properties").path("population").path("type").asString());
        assertEquals(1, format.schema().path("properties").path("city").path("minLength").asInt());
    }

    @Test
    void anAnswerInACodeFenceIsAccepted() {
        ScriptedChatModel model = ScriptedChatModel.builder()
                .answer("Here you go:\n```json\n{\"city\": \"Rome\", \"population\": 1, \"landmarks\": [], \"rating\": 3}\n```")
                .build();
        assertEquals("Rome", Agent.builder().model(model).build().run("Rome?", CityFacts.class).output().city());
    }

    @Test
    void anInvalidAnswerIsSentBackAndTheCorrectedOneIsAccepted() {
        ScriptedChatModel model = ScriptedChatModel.builder()
                .answer("{\"city\": \"\", \"population\": 1, \"landmarks\": [], \"rating\": 9}")
                .answer("{\"city\": \"Oslo\", \"population\": 1, \"landmarks\": [], \"rating\": 4}")
                .build();
        RunResult<CityFacts> result = Agent.builder().model(model).build().run("Oslo?", CityFacts.class);

        assertEquals("Oslo", result.output().city());
        UserMessage correction = (UserMessage) model.requests().get(1).lastMessage();
        assertTrue(correction.text().contains("field 'city' must not be blank"), correction.text());
        assertTrue(correction.text().contains("field 'rating' must be less than or equal to 5 (got 9)"), correction.text());
    }

    @Test
    void anAnswerThatIsNotJsonIsSentBackForCorrection() {
        ScriptedChatModel model = ScriptedChatModel.builder()
                .answer("Paris is lovely.")
                .answer("{\"city\": \"Paris\", \"population\": 1, \"landmarks\": [], \"rating\": 4}")
                .build();
        RunResult<CityFacts> result = Agent.builder().model(model).build().run("Paris?", CityFacts.class);
        assertEquals("Paris", result.output().city());
        assertTrue(((UserMessage) model.requests().get(1).lastMessage()).text().contains("not valid JSON"));
    }

    @Test
    void invalidAnswersEndTheRunWhenTheRetryBudgetIsSpent() {
        ScriptedChatModel model = ScriptedChatModel.builder().answer("no").answer("still no").build();
        RunResult<CityFacts> result = Agent.builder().model(model).maxRetries(2).build().run("?", CityFacts.class);
        assertEquals(RunOutcome.RETRIES_EXHAUSTED, result.outcome());
        assertNull(result.output());
        assertEquals("still no", result.text());
        assertTrue(result.detail().contains("did not fit CityFacts 2 times in a row"), result.detail());
    }

    @Test
    void aTypeThatIsNotAnObjectIsRefusedWithAHint() {
        Agent agent = Agent.builder().model(ScriptedChatModel.builder().answer("x").build()).build();
        String message = assertThrows(IllegalArgumentException.class, () -> agent.run("x", String.class)).getMessage();
        assertTrue(message.contains("use run(prompt) for plain text"), message);
    }

    record HTTPStatusReport(int code) {
    }

    @Test
    void theSchemaIsNamedAfterTheTypeInSnakeCaseAcronymsIncluded() {
        ScriptedChatModel model = ScriptedChatModel.builder().answer("{\"code\": 200}").build();
        assertEquals(200, Agent.builder().model(model).build().run("Status?", HTTPStatusReport.class).output().code());
        assertEquals("http_status_report", model.lastRequest().settings().responseFormat().name());
    }

    @Test
    void aRunnerHoldingOnlyTheFinalStateReadsTheAnswerAsTheMachineDid() {
        ScriptedChatModel model = ScriptedChatModel.builder()
                .answer("```json\n{\"city\": \"Rome\", \"population\": 1, \"landmarks\": [], \"rating\": 3}\n```")
                .answer("no answer")
                .build();
        Agent agent = Agent.builder().model(model).build();
        RunResult<CityFacts> result = agent.run("Rome?", CityFacts.class);
        assertEquals(result.output(), RunMachine.answer(result.state(), CityFacts.class));
        assertEquals("no answer", RunMachine.answer(agent.run("Text?").state(), String.class));
        RunState unfinished = RunState.fromJson(result.state().toJson());
        assertNull(RunMachine.answer(new RunState(unfinished.runId(), unfinished.transcript(), 1, List.of(), List.of(),
                null, 0, null, 0, RunOutcome.TURN_LIMIT, "limit"), CityFacts.class));
    }

    record Trip(String name, List<CityFacts> stops) {
    }

    @Test
    void aBrokenConstraintInsideANestedRecordIsSentBackWithItsPath() {
        ScriptedChatModel model = ScriptedChatModel.builder()
                .answer("{\"name\": \"t\", \"stops\": [{\"city\": \"\", \"population\": 1, \"landmarks\": [], \"rating\": 3}]}")
                .answer("{\"name\": \"t\", \"stops\": [{\"city\": \"Oslo\", \"population\": 1, \"landmarks\": [], \"rating\": 3}]}")
                .build();
        RunResult<Trip> result = Agent.builder().model(model).build().run("Plan a trip", Trip.class);
        assertEquals("Oslo", result.output().stops().get(0).city());
        UserMessage correction = (UserMessage) model.requests().get(1).lastMessage();
        assertTrue(correction.text().contains("field 'stops[0].city' must not be blank"), correction.text());
    }
}
