package dev.corvid.bench;

/**
 * The one agent run both clients perform, and the check every run's answer must pass.
 *
 * <p>The user asks for the weather and a sum; the mock model calls {@code get_weather} and {@code add} in
 * one turn and then answers with text built from the two tool results, so a correct answer proves both
 * tools ran and both results reached the model.
 */
final class Workload {

    /** What the user asks in every run. */
    static final String PROMPT = "What is the weather in Paris, and what is 2+3?";

    /** The model id the clients send; the mock accepts any. */
    static final String MODEL = "bench-model";

    /** The key the clients send; the mock ignores it, but real clients always send one. */
    static final String API_KEY = "bench-key";

    /** What the weather tool says about a city. */
    static String weather(String city) {
        return "18°C and sunny in " + city;
    }

    /** The weather text a correct answer contains. */
    static final String EXPECTED_WEATHER = weather("Paris");

    /** The sum a correct answer contains. */
    static final String EXPECTED_SUM = "2+3=5";

    private Workload() {
    }

    /**
     * Checks one run: its answer holds both tool results and each tool ran exactly once for it.
     *
     * @throws WrongAnswerException saying what was wrong; the benchmark stops on it
     */
    static void check(Answer answer, BenchTools tools) {
        BenchTools.Invocations invocations = tools.takeInvocations(answer.runId());
        String text = answer.text();
        if (text == null || !text.contains(EXPECTED_WEATHER) || !text.contains(EXPECTED_SUM)) {
            throw new WrongAnswerException("run " + answer.runId() + " answered \"" + text + "\"; expected it to contain \""
                    + EXPECTED_WEATHER + "\" and \"" + EXPECTED_SUM + "\"");
        }
        if (invocations.weather() != 1 || invocations.add() != 1) {
            throw new WrongAnswerException("run " + answer.runId() + " called get_weather " + invocations.weather()
                    + " times and add " + invocations.add() + " times; expected once each");
        }
    }

    /** A run produced a wrong answer or called the tools the wrong number of times. */
    static final class WrongAnswerException extends RuntimeException {
        WrongAnswerException(String message) {
            super(message);
        }
    }
}
