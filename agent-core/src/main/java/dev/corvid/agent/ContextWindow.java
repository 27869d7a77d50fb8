package dev.corvid.agent;

import dev.corvid.model.AssistantMessage;
import dev.corvid.model.Message;
import dev.corvid.model.ModelSettings;
import dev.corvid.model.SystemMessage;
import dev.corvid.model.ToolCall;
import dev.corvid.model.ToolMessage;
import dev.corvid.model.UserMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * The context window of an agent's runs, and the pure arithmetic of keeping requests within it: the
 * messages a state sends, their estimated size, where a summary ends and the kept turns begin, and which
 * old tool outputs to cut when even a summary cannot be had.
 *
 * <p>Sizes are estimated from the tokens the provider last reported plus about four characters per token
 * for what was added since.
 *
 * @param window the context window in tokens; null when unknown
 * @param outputLimit the model's output limit in tokens; null when unknown
 * @param compactAt the share of the budget above which a request is compacted first
 * @param maxToolResultChars the most characters a tool result keeps in the transcript; 0 for no cap
 */
record ContextWindow(Integer window, Integer outputLimit, double compactAt, int maxToolResultChars) {

    /** The final message of a summarising request. */
    static final String SUMMARY_REQUEST = "The conversation is about to be compacted to fit the context window: "
            + "everything above, except the system instructions and the task, will be replaced by your summary. "
            + "Do not call any tool now. Write a summary from which the work can go on alone, with these sections: "
            + "Goal; Decisions (and why); Files and resources touched (paths and what changed); Done; Still to do; "
            + "Open questions. Keep names, paths, numbers, commands and error messages exact.";

    /** What precedes the summary in the requests that follow a compaction. */
    static final String SUMMARY_INTRO = "[Summary of the earlier work on this task, written when the conversation "
            + "was compacted to fit the context window]\n\n";

    /** The characters a tool output keeps when it is cut to save a request that even a summary could not. */
    static final int CUT_TO = 1_000;

    private static final int CHARS_PER_TOKEN = 4;
    /** The tokens a message costs beside its text: its role and the template's separators. */
    private static final int TOKENS_PER_MESSAGE = 4;
    /** A rough token price of an image, which the estimate cannot see. */
    private static final int TOKENS_PER_IMAGE = 800;

    /** Returns the tokens a request may hold, or null while the window is unknown. */
    Long budget(RunState state, ModelSettings settings) {
        Integer learned = state.context().learnedLimit();
        Integer limit = window;
        if (learned != null) {
            limit = window == null ? learned : Integer.valueOf(Math.min(window, learned));
        }
        if (limit == null) {
            return null;
        }
        Integer reply = settings.maxTokens() != null ? settings.maxTokens() : outputLimit;
        // Room for the reply, but never more than half the window: a window must still hold a request.
        long room = reply == null ? 0 : Math.min(reply, limit / 2);
        return limit - room;
    }

    /** Returns the tokens above which a request is compacted before it is sent, or null while unknown. */
    Long threshold(RunState state, ModelSettings settings) {
        Long budget = budget(state, settings);
        return budget == null ? null : (long) (budget * compactAt);
    }

    /** Returns whether the request of this state would pass the threshold. */
    boolean isOver(RunState state, List<Message> view, ModelSettings settings) {
        Long threshold = threshold(state, settings);
        return threshold != null && estimate(state, view) > threshold;
    }

    /** Returns the messages a state sends: its transcript, or the compacted form of it. */
    static List<Message> view(RunState state) {
        RunState.Context context = state.context();
        List<Message> transcript = state.transcript();
        if (!context.isCompacted()) {
            return transcript; // the very list, so each request repeats the previous one byte for byte
        }
        List<Message> view = new ArrayList<>();
        int from = 0;
        if (context.keptFrom() > 0) {
            int leading = leading(transcript);
            view.addAll(transcript.subList(0, leading));
            int task = task(state);
            if (task >= leading && task < context.keptFrom()) {
                view.add(transcript.get(task));
            }
            view.add(Message.user(SUMMARY_INTRO + context.summary()));
            from = context.keptFrom();
        }
        for (int i = from; i < transcript.size(); i++) {
            view.add(sent(transcript.get(i), i, context.cutThrough()));
        }
        return view;
    }

    /** Returns the estimated tokens of a state's request. */
    static long estimate(RunState state, List<Message> view) {
        RunState.Context context = state.context();
        List<Message> transcript = state.transcript();
        if (context.measuredThrough() > 0 && context.measuredThrough() <= transcript.size()) {
            long tokens = context.measuredTokens();
            for (int i = context.measuredThrough(); i < transcript.size(); i++) {
                tokens += tokens(sent(transcript.get(i), i, context.cutThrough()));
            }
            return tokens;
        }
        long tokens = 0;
        for (Message message : view) {
            tokens += tokens(message);
        }
        return tokens;
    }

    /**
     * Returns whether a summary could replace anything: some message beside the system messages and the
     * task, which is sent as it stands. The history a run continues counts, so a long conversation can be
     * compacted on its first request.
     */
    static boolean canSummarise(RunState state) {
        int task = task(state);
        for (int i = start(state); i < state.transcript().size(); i++) {
            if (i != task) {
                return true;
            }
        }
        return false;
    }

    /**
     * Returns where the messages kept after a summary begin: the earliest start of a turn from which the
     * rest fits in half the threshold beside the summary, or the transcript's end when not even the last
     * turn does. A turn starts at an assistant or user message, so a call and its result stay together.
     */
    int keptFrom(RunState state, String summary, ModelSettings settings) {
        List<Message> transcript = state.transcript();
        Long threshold = threshold(state, settings);
        long room;
        if (threshold != null) {
            long fixed = tokens(Message.user(SUMMARY_INTRO + summary));
            for (int i = 0; i < leading(transcript); i++) {
                fixed += tokens(transcript.get(i));
            }
            int task = task(state);
            if (task >= 0) {
                fixed += tokens(transcript.get(task)); // counted even when the task ends up among the kept turns
            }
            room = threshold / 2 - fixed;
        } else {
            room = estimate(state, view(state)) / 4; // the window is unknown: keep a quarter of what was sent
        }
        // The summary replaces at least one message beside the task, which is sent as it stands anyway.
        int first = start(state) == task(state) ? start(state) + 1 : start(state);
        int cut = state.context().cutThrough();
        int kept = transcript.size();
        long tail = 0;
        for (int i = transcript.size() - 1; i > first; i--) {
            tail += tokens(sent(transcript.get(i), i, cut));
            if (tail > room) {
                break;
            }
            Message message = transcript.get(i);
            if (message instanceof AssistantMessage || message instanceof UserMessage) {
                kept = i;
            }
        }
        return kept;
    }

    /**
     * Returns the index before which tool outputs are cut so the request fits the threshold (or half its
     * estimate, when the window is unknown or the estimate is below the threshold), cutting the oldest
     * first; -1 when no output is left to cut.
     */
    int cutThrough(RunState state, ModelSettings settings) {
        RunState.Context context = state.context();
        List<Message> transcript = state.transcript();
        Long threshold = threshold(state, settings);
        RunState uncut = state.withContext(context.cut(context.cutThrough(), context.compactedAt()));
        long size = estimate(uncut, view(uncut));
        // Called after a rejection: when the estimate says the request fits, the estimate is short, so
        // the request is halved instead.
        long target = threshold != null && size > threshold ? threshold : size / 2;
        int through = -1;
        for (int i = Math.max(context.cutThrough(), context.keptFrom()); i < transcript.size() && size > target; i++) {
            if (transcript.get(i) instanceof ToolMessage tool && tool.content().length() > CUT_TO) {
                size -= tokens(tool) - tokens(cut(tool, CUT_TO));
                through = i + 1;
            }
        }
        return through;
    }

    /** Returns a tool result's content as the transcript keeps it: capped when the agent sets a cap. */
    String capped(String content) {
        return maxToolResultChars > 0 ? headAndTail(content, maxToolResultChars) : content;
    }

    /** Returns text cut to about a length, its head and tail kept and a marker saying what was cut between. */
    static String headAndTail(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int head = max * 3 / 5;
        int tail = max - head;
        int cut = text.length() - head - tail;
        return text.substring(0, head) + "\n[... " + cut + " of " + text.length()
                + " characters cut here to save context ...]\n" + text.substring(text.length() - tail);
    }

    private static Message sent(Message message, int index, int cutThrough) {
        return index < cutThrough && message instanceof ToolMessage tool ? cut(tool, CUT_TO) : message;
    }

    private static ToolMessage cut(ToolMessage tool, int max) {
        String content = headAndTail(tool.content(), max);
        return content.equals(tool.content()) ? tool
                : new ToolMessage(tool.toolCallId(), tool.toolName(), content, tool.error());
    }

    /** Returns the index of the first message a summary replaces: after the system messages and any earlier summary. */
    private static int start(RunState state) {
        return Math.max(leading(state.transcript()), state.context().keptFrom());
    }

    private static int leading(List<Message> transcript) {
        int leading = 0;
        while (leading < transcript.size() && transcript.get(leading) instanceof SystemMessage) {
            leading++;
        }
        return leading;
    }

    /**
     * Returns the index of the task: as the state recorded it, else the last user message before the first
     * answer of the model; -1 when there is none.
     */
    static int task(RunState state) {
        if (state.context().task() >= 0) {
            return state.context().task();
        }
        List<Message> transcript = state.transcript();
        int task = -1;
        for (int i = 0; i < transcript.size(); i++) {
            if (transcript.get(i) instanceof AssistantMessage) {
                break;
            }
            if (transcript.get(i) instanceof UserMessage) {
                task = i;
            }
        }
        return task;
    }

    /** Returns the estimated tokens of one message as it is sent. */
    static long tokens(Message message) {
        long chars = 0;
        long extra = TOKENS_PER_MESSAGE;
        if (message instanceof SystemMessage system) {
            chars = length(system.text());
        } else if (message instanceof UserMessage user) {
            chars = length(user.text());
            extra += (long) user.imageUrls().size() * TOKENS_PER_IMAGE;
        } else if (message instanceof AssistantMessage assistant) {
            chars = length(assistant.text()) + length(assistant.reasoning());
            for (ToolCall call : assistant.toolCalls()) {
                chars += length(call.id()) + length(call.name()) + length(call.arguments());
            }
        } else if (message instanceof ToolMessage tool) {
            chars = length(tool.toolCallId()) + length(tool.content());
        }
        return extra + (chars + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
    }

    private static int length(String text) {
        return text == null ? 0 : text.length();
    }
}
