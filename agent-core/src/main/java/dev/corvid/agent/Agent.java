package dev.corvid.agent;

import dev.corvid.model.Cancellation;
import dev.corvid.model.ChatModel;
import dev.corvid.model.Message;
import dev.corvid.model.ModelPrice;
import dev.corvid.model.ModelSettings;
import dev.corvid.model.ToolChoice;
import dev.corvid.model.Transcript;
import dev.corvid.session.Session;
import dev.corvid.tool.ToolSet;
import dev.corvid.tool.Toolbox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * <p>The decisions of a run are made by its {@link RunMachine} over a {@link RunState} that can be saved
 * after any step and {@linkplain #resume(RunState) resumed} by an agent of the same configuration, here or
 * in another process. Close the agent to close the {@link ToolSet}s it was given; an agent without them
 * holds nothing to close. Thread-safe.
 */
public final class Agent implements AutoCloseable {

    /** Turns a run may take unless told otherwise. */
    public static final int DEFAULT_MAX_TURNS = 20;
    /** Consecutive failures of one tool, or invalid structured answers, that end a run unless told otherwise. */
    public static final int DEFAULT_MAX_RETRIES = 3;
    /** The share of the context budget above which a request is compacted first, unless told otherwise. */
    public static final double DEFAULT_COMPACT_AT = 0.85;
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
    final Duration approvalTimeout;
    final int loopGuard;
    private final List<RunListener> listeners;
    private final ToolSets toolSets;
    final ExecutorService toolExecutor;
    final ModelPrice price;
    final Budget budget;
    final Integer contextWindow;
    final double compactAt;
    final int maxToolResultChars;
    private final RunMachine<String> textMachine;
    private final RunMachine<String> compactingMachine;
    private final Map<Class<?>, RunMachine<?>> machines = new ConcurrentHashMap<>();

    /**
     * Returns how long one call of the named tool may take: its own timeout, else the agent's.
     *
     * @param toolName a tool's name
     * @return the timeout
     */
    public Duration toolTimeout(String toolName) {
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
        this.approvalTimeout = builder.approvalTimeout;
        this.loopGuard = builder.loopGuard;
        this.listeners = List.copyOf(builder.listeners);
        this.toolSets = new ToolSets(builder.toolbox, builder.toolSets);
        this.toolExecutor = builder.toolExecutor != null ? builder.toolExecutor : Threads.tools();
        this.price = builder.price;
        this.budget = builder.budget;
        this.contextWindow = builder.contextWindow;
        this.compactAt = builder.compactAt;
        this.maxToolResultChars = builder.maxToolResultChars;
        this.textMachine = new RunMachine<>(this, null);
        this.compactingMachine = new RunMachine<>(this, null, true);
    }

    /** {@return a builder; {@link Builder#model(ChatModel)} is the one required setting} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the tools this agent was built with, without those of its {@link ToolSet}s} */
    public Toolbox toolbox() {
        return toolbox;
    }

    /** {@return the instructions sent as the system message of every run; null when none} */
    public String instructions() {
        return instructions;
    }

    /** {@return who approves each tool call before it runs; {@link ToolApprover#ALLOW_ALL} by default} */
    public ToolApprover approver() {
        return approver;
    }

    /** {@return how long a whole run may take; null when unlimited} */
    public Duration runTimeout() {
        return runTimeout;
    }

    /** {@return how long a call may wait for its approval; null when unlimited} */
    public Duration approvalTimeout() {
        return approvalTimeout;
    }

    /** {@return the model this agent asks} */
    public ChatModel model() {
        return model;
    }

    /**
     * Returns the tools offered now: the agent's own and the current members of its tool sets.
     *
     * @return the tools a request would offer now
     */
    public Toolbox tools() {
        return toolSets.current();
    }

    /**
     * {@return the decision function of this agent's plain-text runs, for runners of its own (a durable
     * workflow, say)}
     *
     */
    public RunMachine<String> machine() {
        return textMachine;
    }

    /**
     * {@return the decision function of this agent's runs with a structured answer}
     *
     * @param type the answer's record or class
     * @param <T> the answer's type
     * @throws IllegalArgumentException when the type cannot describe a JSON object
     */
    @SuppressWarnings("unchecked")
    public <T> RunMachine<T> machine(Class<T> type) {
        return (RunMachine<T>) machines.computeIfAbsent(type, key -> new RunMachine<>(this, OutputType.of(key)));
    }

    /** Closes the agent's {@link ToolSet}s, ending what they hold; the agent runs nothing after that. */
    @Override
    public void close() {
        toolSets.close();
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
     * @param history the conversation so far; never null
     * @param prompt what the user asks now; never null
     * @return the result
     * @throws dev.corvid.model.ModelException when the provider or the network fails
     */
    public RunResult<String> run(List<Message> history, String prompt) {
        return newRun(history, prompt, textMachine, null).execute();
    }

    /**
     * Runs the agent and binds its answer to a type: the model is asked for JSON matching the type's schema,
     * and an answer that does not parse or validate is sent back for correction, within the retry budget.
     *
     * @param prompt what the user asks; never null
     * @param type a record or class; its Jakarta constraints are checked
     * @param <T> the answer's type
     * @return the result
     * @throws IllegalArgumentException when the type cannot describe a JSON object
     * @throws dev.corvid.model.ModelException when the provider or the network fails
     */
    public <T> RunResult<T> run(String prompt, Class<T> type) {
        return run(List.of(), prompt, type);
    }

    /**
     * Continues a conversation with a structured answer; see {@link #run(String, Class)}.
     *
     * @param history the conversation so far; never null
     * @param prompt what the user asks now; never null
     * @param type a record or class
     * @param <T> the answer's type
     * @return the result
     */
    public <T> RunResult<T> run(List<Message> history, String prompt, Class<T> type) {
        return newRun(history, prompt, machine(type), null).execute();
    }

    /**
     * Starts a run on its own thread and returns at once; see {@link #run(String)}.
     *
     * @param prompt what the user asks; never null
     * @return the run's handle
     */
    public RunHandle<String> runAsync(String prompt) {
        return runAsync(List.of(), prompt);
    }

    /**
     * Starts a run on its own thread whose events go to a listener of its own, besides the agent's: the
     * way to stream one request's text to one client while other runs of the agent go on.
     *
     * @param prompt what the user asks; never null
     * @param listener hears this run's events alone; never null
     * @return the run's handle
     */
    public RunHandle<String> runAsync(String prompt, RunListener listener) {
        return runAsync(List.of(), prompt, listener);
    }

    /**
     * Starts a run continuing a conversation on its own thread; see {@link #run(List, String)}.
     *
     * @param history the conversation so far; never null
     * @param prompt what the user asks now; never null
     * @return the run's handle
     */
    public RunHandle<String> runAsync(List<Message> history, String prompt) {
        return newRun(history, prompt, textMachine, null).start(null);
    }

    /**
     * Starts a run continuing a conversation on its own thread, with a listener of its own.
     *
     * @param history the conversation so far; never null
     * @param prompt what the user asks now; never null
     * @param listener hears this run's events alone; never null
     * @return the run's handle
     */
    public RunHandle<String> runAsync(List<Message> history, String prompt, RunListener listener) {
        requireListener(listener);
        return newRun(history, prompt, textMachine, listener).start(null);
    }

    /**
     * Starts a run with a structured answer on its own thread; see {@link #run(String, Class)}.
     *
     * @param history the conversation so far; never null
     * @param prompt what the user asks now; never null
     * @param type a record or class
     * @param <T> the answer's type
     * @return the run's handle
     */
    public <T> RunHandle<T> runAsync(List<Message> history, String prompt, Class<T> type) {
        return newRun(history, prompt, machine(type), null).start(null);
    }

    /**
     * Starts a run on its own thread and keeps its events for {@link RunHandle#events()}, a
     * {@link java.util.concurrent.Flow.Publisher} that delivers the whole run to one subscriber.
     *
     * @param prompt what the user asks; never null
     * @return the run's handle
     */
    public RunHandle<String> stream(String prompt) {
        return stream(List.of(), prompt);
    }

    /**
     * Starts a run continuing a conversation and keeps its events; see {@link #stream(String)}.
     *
     * @param history the conversation so far; never null
     * @param prompt what the user asks now; never null
     * @return the run's handle
     */
    public RunHandle<String> stream(List<Message> history, String prompt) {
        EventStream events = new EventStream();
        return newRun(history, prompt, textMachine, events).start(events);
    }

    /**
     * Continues a saved run to its end: from a state written by an agent of the same configuration, here or
     * in another process. A finished state returns its result at once.
     *
     * @param state the saved state; never null
     * @return the result
     * @throws dev.corvid.model.ModelException when the provider or the network fails
     */
    public RunResult<String> resume(RunState state) {
        return resumed(state, textMachine, null).execute();
    }

    /**
     * Continues a saved run with a structured answer; see {@link #resume(RunState)}.
     *
     * @param state the saved state; never null
     * @param type the answer's record or class, as when the run started
     * @param <T> the answer's type
     * @return the result
     */
    public <T> RunResult<T> resume(RunState state, Class<T> type) {
        return resumed(state, machine(type), null).execute();
    }

    /**
     * Continues a saved run on its own thread, with a listener of its own.
     *
     * @param state the saved state; never null
     * @param listener hears this run's events alone; null for none
     * @return the run's handle
     */
    public RunHandle<String> resumeAsync(RunState state, RunListener listener) {
        return resumed(state, textMachine, listener).start(null);
    }

    private <T> Run<T> resumed(RunState state, RunMachine<T> machine, RunListener listener) {
        if (state == null) {
            throw new IllegalArgumentException("state must not be null; save one with RunState.toJson()");
        }
        return new Run<>(this, machine, state, true, events(listener), new Cancellation());
    }

    /**
     * Continues a stored conversation: runs the agent on a prompt after the session's messages, appending
     * the prompt and each finished turn to the session as the run goes, so that a process that dies loses
     * at most the turn in flight. The store keeps every message; the agent's instructions are not stored.
     *
     * @param session the conversation, from {@link dev.corvid.session.SessionStore#create(String)} or
     *     {@link dev.corvid.session.SessionStore#load(String)}; never null
     * @param prompt what the user asks now; never null
     * @return the result
     * @throws dev.corvid.session.SessionConflictException when another writer appended to the session
     *     meanwhile: the run was stopped there; load the session again and repeat the prompt
     * @throws dev.corvid.model.ModelException when the provider or the network fails
     */
    public RunResult<String> run(Session session, String prompt) {
        return sessionRun(session, prompt, textMachine, null).execute();
    }

    /**
     * Continues a stored conversation with a structured answer; see {@link #run(Session, String)} and
     * {@link #run(String, Class)}.
     *
     * @param session the conversation; never null
     * @param prompt what the user asks now; never null
     * @param type a record or class; its Jakarta constraints are checked
     * @param <T> the answer's type
     * @return the result
     * @throws dev.corvid.session.SessionConflictException when another writer appended to the session meanwhile
     * @throws dev.corvid.model.ModelException when the provider or the network fails
     */
    public <T> RunResult<T> run(Session session, String prompt, Class<T> type) {
        return sessionRun(session, prompt, machine(type), null).execute();
    }

    /**
     * Continues a stored conversation on its own thread, with a listener of its own; see
     * {@link #run(Session, String)}. The handle's result fails with the store's failure when an append
     * failed.
     *
     * @param session the conversation; never null
     * @param prompt what the user asks now; never null
     * @param listener hears this run's events alone; never null
     * @return the run's handle
     */
    public RunHandle<String> runAsync(Session session, String prompt, RunListener listener) {
        requireListener(listener);
        return sessionRun(session, prompt, textMachine, listener).start();
    }

    /**
     * Compacts a stored conversation now, without a new prompt: the model summarises it (with this agent's
     * instructions and tools, so a provider's prompt cache still hits), and the session keeps the summary,
     * so that its next run sends the instructions, the summary and the latest turns that fit. The stored
     * messages stay whole. This is the compaction a user asks for; runs compact on their own when their
     * window needs it.
     *
     * <p>The result's {@link RunResult#output() output} is the summary, its outcome
     * {@link RunOutcome#ANSWERED}; a conversation with nothing to summarise (its task alone) ends at once
     * without asking the model, its output null and its detail saying so. The summarising request's usage
     * and cost are in the result.
     *
     * @param session the conversation; never null
     * @param listener hears the compaction's events, its {@link RunEvent.Compacted} among them; never null
     * @return the compaction's handle
     * @throws IllegalArgumentException when the session has no messages: there is nothing to compact
     */
    public RunHandle<String> compactAsync(Session session, RunListener listener) {
        requireListener(listener);
        return sessionRun(session, null, compactingMachine, listener).start();
    }

    private <T> SessionRecorder.Bound<T> sessionRun(Session session, String prompt, RunMachine<T> machine,
                                                    RunListener listener) {
        if (session == null) {
            throw new IllegalArgumentException("session must not be null; create one with store.create(workspace) "
                    + "or load one with store.load(id)");
        }
        // A compaction alone has no prompt: its transcript is the conversation as it stands, all of it stored.
        boolean compacting = machine == compactingMachine;
        if (!compacting && prompt == null) {
            throw new IllegalArgumentException("prompt must not be null");
        }
        List<Message> history = session.messages();
        List<Message> repaired = Transcript.repaired(history);
        RunState first = Run.fromRepaired(instructions, repaired, prompt);
        int stored = compacting ? first.transcript().size() : first.transcript().size() - 1;
        // Where the session's messages begin in the transcript; -1 when a repair of the history moved them.
        int offset = repaired == history ? stored - history.size() : -1;
        RunState start = SessionRecorder.continuing(first, session.compaction(), offset);
        Cancellation cancellation = new Cancellation();
        SessionRecorder recorder = new SessionRecorder(session, start.transcript(), stored, offset, listener,
                cancellation);
        return new SessionRecorder.Bound<>(new Run<>(this, machine, start, false, new Events(listeners, recorder),
                cancellation), recorder);
    }

    private <T> Run<T> newRun(List<Message> history, String prompt, RunMachine<T> machine,
                              RunListener listener) {
        return new Run<>(this, machine, Run.firstState(instructions, history, prompt), false, events(listener),
                new Cancellation());
    }

    private static final Events SILENT = new Events(List.of(), null);

    private Events events(RunListener runListener) {
        return listeners.isEmpty() && runListener == null ? SILENT : new Events(listeners, runListener);
    }

    private static void requireListener(RunListener listener) {
        if (listener == null) {
            throw new IllegalArgumentException("listener must not be null; use runAsync(prompt) for none");
        }
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
        private Duration approvalTimeout;
        private int loopGuard;
        private final List<RunListener> listeners = new ArrayList<>();
        private final List<ToolSet> toolSets = new ArrayList<>();
        private ExecutorService toolExecutor;
        private ModelPrice price;
        private Budget budget;
        private Integer contextWindow;
        private double compactAt = DEFAULT_COMPACT_AT;
        private int maxToolResultChars;

        private Builder() {
        }

        /**
         * Sets the model's price, so results report cost; find it with
         * {@code PriceTable.bundled().price(provider, model)}. Unknown by default.
         *
         * @param price the model's price, so results report cost
         * @return this builder
         */
        public Builder price(ModelPrice price) {
            this.price = price;
            return this;
        }

        /**
         * Sets the model's context window in tokens, in place of what the model reports
         * ({@link ChatModel#limits()}, from the profile of an OpenAI-compatible model). A run keeps each
         * request within the window minus room for the reply (the request's {@code maxTokens}, else the
         * model's output limit) and compacts when it would not fit. Without a window from here or the model,
         * a run compacts only when the provider rejects a request as too long.
         *
         * @param tokens the window, at least 1000 tokens
         * @return this builder
         * @throws IllegalArgumentException when the window is smaller than 1000 tokens
         */
        public Builder contextWindow(int tokens) {
            if (tokens < 1_000) {
                throw new IllegalArgumentException("contextWindow must be at least 1000 tokens, was " + tokens
                        + "; give the model's window as its provider states it");
            }
            this.contextWindow = tokens;
            return this;
        }

        /**
         * Sets the share of the context budget above which a request is compacted before it is sent: the
         * model summarises the work so far (goal, decisions, files touched, what is done and left, open
         * questions), and the run goes on with the system instructions, the task as it was given, the summary
         * and the latest turns that fit. The transcript of the result keeps every message. The summarising
         * request counts as a turn. {@value #DEFAULT_COMPACT_AT} by default.
         *
         * @param share more than 0.1 and at most 1
         * @return this builder
         * @throws IllegalArgumentException when the share is outside that range
         */
        public Builder compactAt(double share) {
            if (!(share > 0.1 && share <= 1.0)) {
                throw new IllegalArgumentException("compactAt must be a share above 0.1 and at most 1, such as 0.85; was "
                        + share);
            }
            this.compactAt = share;
            return this;
        }

        /**
         * Caps each tool result before it enters the transcript: a longer one keeps its head and tail with a
         * marker saying how much was cut between. Off by default, as the application's tools know best what
         * their output holds (the coding tools cap their own).
         *
         * @param chars the most characters a result keeps, at least 200; 0 for no cap
         * @return this builder
         * @throws IllegalArgumentException when the cap is negative or below 200
         */
        public Builder maxToolResultChars(int chars) {
            if (chars < 0 || chars > 0 && chars < 200) {
                throw new IllegalArgumentException("maxToolResultChars must be 0 (no cap) or at least 200, was " + chars);
            }
            this.maxToolResultChars = chars;
            return this;
        }

        /**
         * Sets the most a run may spend; a money budget needs {@link #price(ModelPrice)}. Unlimited by default.
         *
         * @param budget the most a run may spend
         * @return this builder
         */
        public Builder budget(Budget budget) {
            this.budget = budget;
            return this;
        }

        /**
         * Sets the model that answers; required.
         *
         * @param model the model that answers
         * @return this builder
         */
        public Builder model(ChatModel model) {
            this.model = model;
            return this;
        }

        /**
         * Sets the instructions sent as the system message of every run.
         *
         * @param instructions the instructions sent as the system message of every run
         * @return this builder
         */
        public Builder instructions(String instructions) {
            this.instructions = instructions;
            return this;
        }

        /**
         * Adds tools: objects (their {@code @Tool} methods), classes (their static {@code @Tool} methods),
         * {@link dev.corvid.tool.FunctionTool}s, {@link Toolbox}es and {@link ToolSet}s. A tool set is read
         * before every request and closed with the agent; where one of its tools has the name of a tool
         * added before, the earlier tool is kept.
         *
         * @param sources the tools
         * @return this builder
         * @throws IllegalArgumentException when a tool method is unusable or a name is taken, saying how to fix it
         */
        public Builder tools(Object... sources) {
            for (Object source : sources) {
                if (source instanceof ToolSet set) {
                    toolSets.add(set);
                } else {
                    tools.add(source);
                }
            }
            return this;
        }

        /**
         * Sets sampling, limits and extra body fields. Tool choice and parallel tool calls set here are
         * overridden by {@link #toolChoice(ToolChoice)} and {@link #parallelToolCalls(boolean)}.
         *
         * @param settings sampling, limits and extra body fields
         * @return this builder
         */
        public Builder settings(ModelSettings settings) {
            this.settings = settings;
            return this;
        }

        /**
         * Sets whether and which tool the model must call. A forcing choice ({@code REQUIRED} or a named
         * tool) applies to the first turn of a run only, so that the model can answer afterwards.
         *
         * @param choice whether and which tool the model must call
         * @return this builder
         */
        public Builder toolChoice(ToolChoice choice) {
            this.toolChoice = choice;
            return this;
        }

        /**
         * Sets whether the model may call several tools in one turn; left to the provider by default.
         *
         * @param allowed whether the model may call several tools in one turn
         * @return this builder
         */
        public Builder parallelToolCalls(boolean allowed) {
            this.parallelToolCalls = allowed;
            return this;
        }

        /**
         * Sets how many requests a run may send to the model; 20 by default.
         *
         * @param turns how many requests a run may send to the model
         * @return this builder
         */
        public Builder maxTurns(int turns) {
            this.maxTurns = turns;
            return this;
        }

        /**
         * Sets how long a whole run may take; unlimited by default.
         *
         * @param timeout how long a whole run may take
         * @return this builder
         */
        public Builder runTimeout(Duration timeout) {
            this.runTimeout = timeout;
            return this;
        }

        /**
         * Sets how long one tool call may take before it is interrupted; two minutes by default.
         *
         * @param timeout how long one tool call may take before it is interrupted
         * @return this builder
         */
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
         * @return this builder
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
         *
         * @param retries how many consecutive failures of one tool
         * @return this builder
         */
        public Builder maxRetries(int retries) {
            this.maxRetries = retries;
            return this;
        }

        /**
         * Sets who approves each tool call before it runs; every call is allowed by default. The time an
         * approval takes does not count against the tool's timeout.
         *
         * @param approver the approver; {@link ToolApprover#DEFER_ALL} leaves every call to the run's handle
         * @return this builder
         */
        public Builder approver(ToolApprover approver) {
            this.approver = approver;
            return this;
        }

        /**
         * Sets how long a call may wait for its approval, from the approver or through the run's handle,
         * before it is denied with a reason the model reads; unlimited by default.
         *
         * @param timeout how long to wait
         * @return this builder
         */
        public Builder approvalTimeout(Duration timeout) {
            this.approvalTimeout = timeout;
            return this;
        }

        /**
         * Stops a model that repeats itself: the same call (name and arguments) asked for {@code limit}
         * times in a row is not run again and the model is told to change approach; asked for once more,
         * it ends the run with {@link RunOutcome#LOOP_DETECTED}. Off by default, since some tools are
         * rightly called alike again and again (a status poll).
         *
         * @param limit the repeats that trip the guard, at least 2; 0 switches it off
         * @return this builder
         */
        public Builder loopGuard(int limit) {
            this.loopGuard = limit;
            return this;
        }

        /**
         * Adds a listener that hears every run of this agent.
         *
         * @param listener a listener that hears every run of this agent
         * @return this builder
         */
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
         *
         * @param executor the executor that runs tool calls
         * @return this builder
         */
        public Builder toolExecutor(ExecutorService executor) {
            this.toolExecutor = executor;
            return this;
        }

        /**
         * {@return the agent}
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
            requirePositive(approvalTimeout, "approvalTimeout");
            if (loopGuard < 0 || loopGuard == 1) {
                throw new IllegalArgumentException("loopGuard must be 0 (off) or at least 2, was " + loopGuard);
            }
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
