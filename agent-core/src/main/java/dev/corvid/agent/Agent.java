package dev.corvid.agent;

import dev.corvid.model.Cancellation;
import dev.corvid.model.ChatModel;
import dev.corvid.model.Message;
import dev.corvid.model.ModelPrice;
import dev.corvid.model.ModelSettings;
import dev.corvid.model.SystemMessage;
import dev.corvid.model.ToolChoice;
import dev.corvid.tool.OutputType;
import dev.corvid.tool.Toolbox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;

/**
 * An LLM agent: a model, instructions, tools and limits, run as a loop until the model answers.
 *
 * <p>An agent is immutable configuration built with {@link #builder()}; every {@code run} keeps its own
 * state, so one agent serves many concurrent runs. Each turn sends the transcript and the tool definitions
 * to the model; when the model asks for tools, they run (several at once, each call answered by one tool
 * message in the order of the calls) and the loop repeats. Whatever the model gets wrong about a tool call
 * goes back to it as the call's result, so it can correct itself; a provider failure is thrown as a
 * {@link dev.corvid.model.ModelException} carrying the transcript so far.
 *
 * <pre>{@code
 * Agent agent = Agent.builder()
 *         .model(model)
 *         .instructions("You are a weather assistant.")
 *         .tools(new WeatherTools())
 *         .build();
 * RunResult<String> result = agent.run("Is it raining in Paris?");
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class Agent {

    /** Turns a run may take unless told otherwise. */
    public static final int DEFAULT_MAX_TURNS = 20;
    /** Consecutive failures of one tool, or invalid structured answers, that end a run unless told otherwise. */
    public static final int DEFAULT_MAX_RETRIES = 3;
    /** Time one tool call may take unless told otherwise. */
    public static final Duration DEFAULT_TOOL_TIMEOUT = Duration.ofMinutes(2);

    final ChatModel model;
    final String instructions;
    final Toolbox toolbox;
    final ModelSettings settings;
    final int maxTurns;
    final Duration runTimeout;
    private final Duration toolTimeout;
    private final Map<String, Duration> toolTimeouts;
    final int maxRetries;
    final ToolApprover approver;
    final Listeners listeners;
    final ExecutorService toolExecutor;
    final ModelPrice price;
    final Budget budget;
    private final Map<Class<?>, OutputType<?>> outputTypes = new ConcurrentHashMap<>();

    /** Returns how long one call of the named tool may take. */
    Duration toolTimeout(String toolName) {
        return toolTimeouts.getOrDefault(toolName, toolTimeout);
    }

    private Agent(Builder builder) {
        this.model = builder.model;
        this.instructions = builder.instructions;
        this.toolbox = builder.toolbox;
        this.settings = builder.settings;
        this.maxTurns = builder.maxTurns;
        this.runTimeout = builder.runTimeout;
        this.toolTimeout = builder.toolTimeout;
        this.toolTimeouts = Map.copyOf(builder.toolTimeouts);
        this.maxRetries = builder.maxRetries;
        this.approver = builder.approver;
        this.listeners = new Listeners(builder.listeners);
        this.toolExecutor = builder.toolExecutor != null ? builder.toolExecutor : Threads.tools();
        this.price = builder.price;
        this.budget = builder.budget;
    }

    /** Returns a builder; {@link Builder#model(ChatModel)} is the one required setting. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the tools this agent offers the model. */
    public Toolbox toolbox() {
        return toolbox;
    }

    /**
     * Runs the agent on a prompt until the model answers or a limit ends the run.
     *
     * @param prompt what the user asks; never null
     * @return the answer, how the run ended, the transcript and the usage
     * @throws dev.corvid.model.ModelException when the provider or the network fails
     */
    public RunResult<String> run(String prompt) {
        return run(List.of(), prompt);
    }

    /**
     * Continues a conversation: runs the agent on a prompt after the given history, such as the transcript
     * of an earlier run. The agent's instructions are put first unless the history starts with its own.
     *
     * @throws dev.corvid.model.ModelException when the provider or the network fails
     */
    public RunResult<String> run(List<Message> history, String prompt) {
        return newRun(history, prompt, (OutputType<String>) null, new Cancellation()).execute();
    }

    /**
     * Runs the agent and binds its answer to a type: the model is asked for JSON matching the type's schema,
     * and an answer that does not parse or validate is sent back for correction, within the retry budget.
     *
     * @param type a record or class; its Jakarta constraints are checked
     * @throws IllegalArgumentException when the type cannot describe a JSON object
     * @throws dev.corvid.model.ModelException when the provider or the network fails
     */
    public <T> RunResult<T> run(String prompt, Class<T> type) {
        return run(List.of(), prompt, type);
    }

    /** Continues a conversation with a structured answer; see {@link #run(String, Class)}. */
    public <T> RunResult<T> run(List<Message> history, String prompt, Class<T> type) {
        return newRun(history, prompt, outputType(type), new Cancellation()).execute();
    }

    /** Starts a run on its own thread and returns at once; see {@link #run(String)}. */
    public RunHandle<String> runAsync(String prompt) {
        return runAsync(List.of(), prompt);
    }

    /** Starts a run continuing a conversation on its own thread; see {@link #run(List, String)}. */
    public RunHandle<String> runAsync(List<Message> history, String prompt) {
        return newRun(history, prompt, (OutputType<String>) null, new Cancellation()).start();
    }

    /** Starts a run with a structured answer on its own thread; see {@link #run(String, Class)}. */
    public <T> RunHandle<T> runAsync(List<Message> history, String prompt, Class<T> type) {
        return newRun(history, prompt, outputType(type), new Cancellation()).start();
    }

    private <T> Run<T> newRun(List<Message> history, String prompt, OutputType<T> output, Cancellation cancellation) {
        if (prompt == null) {
            throw new IllegalArgumentException("prompt must not be null");
        }
        if (history == null) {
            throw new IllegalArgumentException("history must not be null; pass List.of() for a new conversation");
        }
        List<Message> transcript = new ArrayList<>(history.size() + 2);
        if (instructions != null && (history.isEmpty() || !(history.get(0) instanceof SystemMessage))) {
            transcript.add(Message.system(instructions));
        }
        transcript.addAll(history);
        Run.answerDanglingCalls(transcript);
        transcript.add(Message.user(prompt));
        return new Run<>(this, UUID.randomUUID().toString(), transcript, output, cancellation);
    }

    @SuppressWarnings("unchecked")
    private <T> OutputType<T> outputType(Class<T> type) {
        return (OutputType<T>) outputTypes.computeIfAbsent(type, OutputType::of);
    }

    @Override
    public String toString() {
        return "Agent[model=" + model + ", tools=" + toolbox.names() + ", maxTurns=" + maxTurns + "]";
    }

    /** Builds an {@link Agent}, checking every setting in {@link #build()}; not thread-safe. */
    public static final class Builder {
        private ChatModel model;
        private String instructions;
        private final Toolbox.Builder tools = Toolbox.builder();
        private ModelSettings settings = ModelSettings.DEFAULT;
        private ToolChoice toolChoice;
        private Boolean parallelToolCalls;
        private int maxTurns = DEFAULT_MAX_TURNS;
        private Duration runTimeout;
        private Duration toolTimeout = DEFAULT_TOOL_TIMEOUT;
        private final Map<String, Duration> toolTimeouts = new LinkedHashMap<>();
        private Toolbox toolbox;
        private int maxRetries = DEFAULT_MAX_RETRIES;
        private ToolApprover approver = ToolApprover.ALLOW_ALL;
        private final List<RunListener> listeners = new ArrayList<>();
        private ExecutorService toolExecutor;
        private ModelPrice price;
        private Budget budget;

        private Builder() {
        }

        /**
         * Sets the model's price, so results report cost; find it with
         * {@code PriceTable.bundled().price(provider, model)}. Unknown by default.
         */
        public Builder price(ModelPrice price) {
            this.price = price;
            return this;
        }

        /** Sets the most a run may spend; a money budget needs {@link #price(ModelPrice)}. Unlimited by default. */
        public Builder budget(Budget budget) {
            this.budget = budget;
            return this;
        }

        /** Sets the model that answers; required. */
        public Builder model(ChatModel model) {
            this.model = model;
            return this;
        }

        /** Sets the instructions sent as the system message of every run. */
        public Builder instructions(String instructions) {
            this.instructions = instructions;
            return this;
        }

        /**
         * Adds tools: objects (their {@code @Tool} methods), classes (their static {@code @Tool} methods),
         * {@link dev.corvid.tool.FunctionTool}s and {@link Toolbox}es.
         *
         * @throws IllegalArgumentException when a tool method is unusable or a name is taken, saying how to fix it
         */
        public Builder tools(Object... sources) {
            for (Object source : sources) {
                tools.add(source);
            }
            return this;
        }

        /**
         * Sets sampling, limits and extra body fields. Tool choice and parallel tool calls set here are
         * overridden by {@link #toolChoice(ToolChoice)} and {@link #parallelToolCalls(boolean)}.
         */
        public Builder settings(ModelSettings settings) {
            this.settings = settings;
            return this;
        }

        /**
         * Sets whether and which tool the model must call. A forcing choice ({@code REQUIRED} or a named
         * tool) applies to the first turn of a run only, so that the model can answer afterwards.
         */
        public Builder toolChoice(ToolChoice choice) {
            this.toolChoice = choice;
            return this;
        }

        /** Sets whether the model may call several tools in one turn; left to the provider by default. */
        public Builder parallelToolCalls(boolean allowed) {
            this.parallelToolCalls = allowed;
            return this;
        }

        /** Sets how many requests a run may send to the model; 20 by default. */
        public Builder maxTurns(int turns) {
            this.maxTurns = turns;
            return this;
        }

        /** Sets how long a whole run may take; unlimited by default. */
        public Builder runTimeout(Duration timeout) {
            this.runTimeout = timeout;
            return this;
        }

        /** Sets how long one tool call may take before it is interrupted; two minutes by default. */
        public Builder toolTimeout(Duration timeout) {
            this.toolTimeout = timeout;
            return this;
        }

        /**
         * Sets how long a call of one tool may take, in place of {@link #toolTimeout(Duration)}: a shell tool
         * may need many minutes where the others should fail after seconds.
         *
         * @param toolName the name of one of the agent's tools, checked when the agent is built
         * @param timeout how long one call of it may take
         */
        public Builder toolTimeout(String toolName, Duration timeout) {
            if (toolName == null || timeout == null) {
                throw new IllegalArgumentException("a tool's timeout needs the tool's name and a duration");
            }
            requirePositive(timeout, "the timeout of " + toolName);
            toolTimeouts.put(toolName, timeout);
            return this;
        }

        /**
         * Sets how many consecutive failures of one tool (or invalid structured answers) end a run; 3 by
         * default.
         */
        public Builder maxRetries(int retries) {
            this.maxRetries = retries;
            return this;
        }

        /** Sets who approves each tool call before it runs; every call is allowed by default. */
        public Builder approver(ToolApprover approver) {
            this.approver = approver;
            return this;
        }

        /** Adds a listener that hears every run of this agent. */
        public Builder listener(RunListener listener) {
            if (listener == null) {
                throw new IllegalArgumentException("listener must not be null");
            }
            listeners.add(listener);
            return this;
        }

        /**
         * Sets the executor that runs tool calls. By default virtual threads on JDK 21+, and a shared pool of
         * 64 daemon threads on JDK 17. The agent never shuts it down.
         */
        public Builder toolExecutor(ExecutorService executor) {
            this.toolExecutor = executor;
            return this;
        }

        /**
         * Returns the agent.
         *
         * @throws IllegalArgumentException when a setting is missing or out of range, saying what to do
         */
        public Agent build() {
            if (model == null) {
                throw new IllegalArgumentException("an agent needs a model: call model(...) with an "
                        + "OpenAiCompatibleModel, or a ScriptedChatModel in tests");
            }
            if (maxTurns < 1) {
                throw new IllegalArgumentException("maxTurns must be at least 1, was " + maxTurns);
            }
            if (maxRetries < 1) {
                throw new IllegalArgumentException("maxRetries must be at least 1, was " + maxRetries);
            }
            requirePositive(runTimeout, "runTimeout");
            requirePositive(toolTimeout, "toolTimeout");
            if (toolTimeout == null) {
                throw new IllegalArgumentException("toolTimeout must not be null; use a long duration for slow tools");
            }
            if (approver == null) {
                throw new IllegalArgumentException("approver must not be null; use ToolApprover.ALLOW_ALL");
            }
            if (settings == null) {
                throw new IllegalArgumentException("settings must not be null; use ModelSettings.DEFAULT");
            }
            if (budget != null) {
                budget.requireUsableWith(price);
            }
            ModelSettings.Builder merged = settings.toBuilder();
            if (toolChoice != null) {
                merged.toolChoice(toolChoice);
            }
            if (parallelToolCalls != null) {
                merged.parallelToolCalls(parallelToolCalls);
            }
            ModelSettings finalSettings = merged.build();
            Toolbox built = tools.build();
            for (String toolName : toolTimeouts.keySet()) {
                if (built.find(toolName).isEmpty()) {
                    throw new IllegalArgumentException("toolTimeout names '" + toolName
                            + "', which is not among the agent's tools " + built.names());
                }
            }
            ToolChoice choice = finalSettings.toolChoice();
            if (choice != null && choice.mode() == ToolChoice.Mode.TOOL && built.find(choice.toolName()).isEmpty()) {
                throw new IllegalArgumentException("toolChoice names '" + choice.toolName()
                        + "', which is not among the agent's tools " + built.names());
            }
            if (choice != null && choice.mode() == ToolChoice.Mode.REQUIRED && built.isEmpty()) {
                throw new IllegalArgumentException("toolChoice REQUIRED needs at least one tool; add tools(...)");
            }
            this.settings = finalSettings;
            this.toolbox = built;
            return new Agent(this);
        }

        private static void requirePositive(Duration duration, String name) {
            if (duration != null && (duration.isNegative() || duration.isZero())) {
                throw new IllegalArgumentException(name + " must be positive, was " + duration);
            }
        }
    }
}
