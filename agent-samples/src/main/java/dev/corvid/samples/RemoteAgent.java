package dev.corvid.samples;

import dev.corvid.agent.Agent;
import dev.corvid.agent.RunResult;
import dev.corvid.model.ChatModel;
import dev.corvid.model.ModelException;
import dev.corvid.openai.OpenAiCompatibleModel;
import dev.corvid.tool.Tool;
import dev.corvid.tool.ToolParam;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Runs a small tool-using agent against any OpenAI-compatible endpoint named by environment variables:
 * {@code CORVID_BASE_URL}, {@code CORVID_API_KEY_ENV} (the name of the variable holding the key, empty
 * for a server that needs none) and {@code CORVID_MODEL}. The prompt is the program's arguments.
 */
public final class RemoteAgent {

    /** Tools the sample agent can call. */
    public static final class Desk {
        @Tool("Returns the current date and time in a time zone")
        public String now(@ToolParam("an IANA time zone such as Europe/Paris or Asia/Shanghai") String zone) {
            return ZonedDateTime.now(ZoneId.of(zone)).format(DateTimeFormatter.RFC_1123_DATE_TIME);
        }

        @Tool("Multiplies two numbers exactly")
        public String multiply(double a, double b) {
            return new java.math.BigDecimal(Double.toString(a)).multiply(new java.math.BigDecimal(Double.toString(b)))
                    .toPlainString();
        }
    }

    private RemoteAgent() {
    }

    /**
     * Returns the sample's agent: the {@link Desk} tools and instructions to use them.
     *
     * @param model the model the agent asks
     * @return the agent
     */
    static Agent agent(ChatModel model) {
        return Agent.builder().model(model).instructions("Use the tools for times and arithmetic.")
                .tools(new Desk()).build();
    }

    /**
     * Returns a builder of the model named by {@code CORVID_BASE_URL}, {@code CORVID_MODEL} and
     * {@code CORVID_API_KEY_ENV}, or null when the first two are not set.
     */
    static OpenAiCompatibleModel.Builder modelFromEnvironment() {
        String baseUrl = System.getenv("CORVID_BASE_URL");
        String model = System.getenv("CORVID_MODEL");
        String keyVariable = System.getenv("CORVID_API_KEY_ENV");
        if (baseUrl == null || model == null) {
            return null;
        }
        OpenAiCompatibleModel.Builder builder = OpenAiCompatibleModel.builder().baseUrl(baseUrl).model(model);
        if (keyVariable != null && !keyVariable.isBlank()) {
            builder.apiKeyFromEnv(keyVariable);
        }
        return builder;
    }

    /** Returns the prompt given as the program's arguments, or the sample's own question. */
    static String prompt(String[] args) {
        return args.length > 0 ? String.join(" ", args) : "What time is it in Shanghai, and what is 12.5 times 8.25?";
    }

    public static void main(String[] args) {
        OpenAiCompatibleModel.Builder builder = modelFromEnvironment();
        if (builder == null) {
            System.err.println("Set CORVID_BASE_URL (e.g. https://dashscope.aliyuncs.com/compatible-mode/v1), "
                    + "CORVID_MODEL (e.g. qwen-plus) and CORVID_API_KEY_ENV (the name of the variable holding "
                    + "your key, e.g. DASHSCOPE_API_KEY).");
            System.exit(2);
        }
        try (OpenAiCompatibleModel chatModel = builder.build()) {
            RunResult<String> result = agent(chatModel).run(prompt(args));
            System.out.println(result.isAnswered() ? result.output() : "No answer: " + result.detail());
            System.err.println(result.turns() + " turns, usage " + result.usage());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        } catch (ModelException e) {
            System.err.println("The provider failed: " + e.getMessage());
            System.exit(3);
        }
    }
}
