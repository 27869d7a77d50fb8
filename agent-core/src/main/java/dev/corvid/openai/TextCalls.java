package dev.corvid.openai;

import dev.corvid.model.AssistantMessage;
import dev.corvid.model.Message;
import dev.corvid.model.ToolCall;
import dev.corvid.tool.ToolDefinition;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Recovers tool calls that a server without the right tool parser left in the text of a reply, while the text
 * streams in: fed the text piece by piece, it passes on the text outside the markup at once and each call as soon
 * as it is complete. One instance reads one field (content or reasoning) of one response; not thread-safe.
 *
 * <p>The rules every format shares:
 * <ul>
 *   <li>Text is released as soon as it cannot be the start of markup: only a tail that is a proper prefix of one
 *       of the format's openers (such as {@code <tool_c}) is held back, and only until the next piece decides it.
 *   <li>Markup never reaches the text. A format may find that what began like markup has none of its structure
 *       (a tag named in prose or a code block); then the opener is text after all.
 *   <li>The text is trimmed at both ends, and where whitespace comes before markup, the whitespace right after
 *       it goes, so that {@code "Reading.\n<call>\nDone."} leaves {@code "Reading.\nDone."} (while
 *       {@code "One<call> two"} leaves {@code "One two"}): leading whitespace is dropped, trailing whitespace is
 *       held until more text follows it.
 *   <li>Every decision waits for the text that settles it, so the calls and text do not depend on how the reply
 *       was split into pieces; {@link #finish()} settles what is left as the end of the output.
 *   <li>Every call gets a non-empty id that no earlier message of the transcript and no other call of the reply
 *       uses: the format's own id when it has a usable one, else a fresh {@code call_} id.
 * </ul>
 */
abstract sealed class TextCalls permits QwenXmlCalls, HermesCalls, KimiCalls {

    /** The name given to a call whose name cannot be told, so that the loop reports it back as unknown. */
    static final String MISSING_NAME = "missing_tool_name";

    /** Where the recovered text and calls go as they are found. */
    interface Sink {
        /** Takes a piece of the text outside the markup. */
        void text(String piece);

        /** Takes a call as soon as it is complete. */
        void call(ToolCall call);
    }

    /**
     * What a request tells the parsers: the tools, whose schemas type the Qwen parameters, and the call ids
     * the transcript already holds, which recovered calls must not reuse.
     *
     * <p>Made for every request of a profile with text calls, so the collections are taken as given, not
     * copied: callers hand over collections that nothing changes afterwards.
     *
     * @param tools the request's tools, which {@link dev.corvid.model.ModelRequest} already copied
     * @param usedIds the tool-call ids of the transcript
     */
    record Context(List<ToolDefinition> tools, Set<String> usedIds) {

        /** A context without tools or earlier calls. */
        static final Context EMPTY = new Context(List.of(), Set.of());

        /** Returns the context of a transcript and its tools. */
        static Context of(List<Message> messages, List<ToolDefinition> tools) {
            Set<String> ids = new HashSet<>();
            for (Message message : messages) {
                if (message instanceof AssistantMessage assistant) {
                    for (ToolCall call : assistant.toolCalls()) {
                        ids.add(call.id());
                    }
                }
            }
            return new Context(tools, Collections.unmodifiableSet(ids));
        }

        /** Returns the declared tool of that name, or null. */
        ToolDefinition tool(String name) {
            for (ToolDefinition tool : tools) {
                if (tool.name().equals(name)) {
                    return tool;
                }
            }
            return null;
        }
    }

    /** What {@link #read} returns when the opener at the start of the markup turns out to be text. */
    static final int NOT_MARKUP = -1;

    protected final Context context;
    private final Sink sink;
    private final String[] openers;
    private final StringBuilder pending = new StringBuilder();
    private final StringBuilder text = new StringBuilder();
    private final StringBuilder heldSpace = new StringBuilder();
    /** The ids the reply's calls took so far, shared by the parsers of one response. */
    private final Set<String> replyIds;
    private boolean inMarkup;
    private int openerLength;
    /** Whether the text released next follows markup that had whitespace before it, so its own goes. */
    private boolean dropSpace;

    TextCalls(Context context, Set<String> replyIds, Sink sink, String... openers) {
        this.context = context;
        this.replyIds = replyIds;
        this.sink = sink;
        this.openers = openers;
    }

    /**
     * Returns the parser of a format, or null for {@link ModelProfile.TextToolCalls#NONE}.
     *
     * @param replyIds the ids the reply's calls took, shared by the parsers of one response and added to
     */
    static TextCalls of(ModelProfile.TextToolCalls format, Context context, Set<String> replyIds, Sink sink) {
        return switch (format) {
            case NONE -> null;
            case QWEN_XML -> new QwenXmlCalls(context, replyIds, sink);
            case HERMES_JSON -> new HermesCalls(context, replyIds, sink);
            case KIMI_TOKENS -> new KimiCalls(context, replyIds, sink);
        };
    }

    /** Takes the next piece of the text. */
    final void feed(String piece) {
        pending.append(piece);
        drain(false);
    }

    /** Settles what is left as the end of the output: open markup is closed, held text released. */
    final void finish() {
        drain(true);
    }

    /** Returns the text outside the markup so far, trimmed; null when there is none. */
    final String text() {
        return text.length() == 0 ? null : text.toString();
    }

    /**
     * Reads the markup at the start of {@code markup}, whose first {@code openerLength} characters are the
     * opener found, reporting finished calls with {@link #call} and the end of the markup with
     * {@link #endMarkup()}.
     *
     * @param markup the unread text, starting inside the markup
     * @param atEnd whether no more text will come, when everything must be settled
     * @return how many characters were consumed (0 to wait for more), or {@link #NOT_MARKUP} when the opener is
     *     text; at the end, markup must be ended
     */
    abstract int read(CharSequence markup, int openerLength, boolean atEnd);

    /** Called by a format when the markup it reads is over; the text after it is text again. */
    final void endMarkup() {
        inMarkup = false;
    }

    /** Reports a recovered call, giving it its own id when {@code id} is null, blank or already used. */
    final void call(String id, String name, String arguments) {
        String usable = id == null ? "" : id.strip();
        if (usable.isEmpty() || context.usedIds().contains(usable) || replyIds.contains(usable)) {
            do {
                usable = "call_" + Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE)
                        + Integer.toHexString(ThreadLocalRandom.current().nextInt() | Integer.MIN_VALUE);
            } while (context.usedIds().contains(usable) || replyIds.contains(usable));
        }
        replyIds.add(usable);
        ToolCall call = ToolCall.of(usable, name == null || name.isBlank() ? MISSING_NAME : name.strip(), arguments);
        sink.call(call);
    }

    private void drain(boolean atEnd) {
        while (true) {
            if (!inMarkup) {
                int at = findOpener();
                if (at < 0) {
                    int keep = atEnd ? 0 : openerPrefixAtEnd();
                    release(pending, 0, pending.length() - keep);
                    pending.delete(0, pending.length() - keep);
                    return;
                }
                release(pending, 0, at);
                pending.delete(0, at);
                inMarkup = true;
                dropSpace = dropSpace || heldSpace.length() > 0;
            }
            int used = read(pending, openerLength, atEnd);
            if (used == NOT_MARKUP) {
                // What looked like an opener has none of the format's structure: it is text.
                inMarkup = false;
                release(pending, 0, openerLength);
                pending.delete(0, openerLength);
                continue;
            }
            pending.delete(0, used);
            if (inMarkup && atEnd && used == 0) {
                // A format that cannot settle its markup at the end drops it rather than leak it.
                pending.setLength(0);
                inMarkup = false;
            }
            if (inMarkup && used == 0) {
                return;
            }
        }
    }

    /** Returns where the first opener starts in the pending text, setting its length; -1 when there is none. */
    private int findOpener() {
        for (int i = pending.indexOf("<"); i >= 0; i = pending.indexOf("<", i + 1)) {
            for (String opener : openers) {
                if (startsWith(pending, i, opener)) {
                    openerLength = opener.length();
                    return i;
                }
            }
        }
        return -1;
    }

    /** Returns the length of the longest tail of the pending text that could still grow into an opener. */
    private int openerPrefixAtEnd() {
        int longest = 0;
        for (String opener : openers) {
            longest = Math.max(longest, opener.length());
        }
        for (int i = Math.max(0, pending.length() - longest + 1); i < pending.length(); i++) {
            if (pending.charAt(i) != '<') {
                continue;
            }
            for (String opener : openers) {
                if (isPrefix(pending, i, opener)) {
                    return pending.length() - i;
                }
            }
        }
        return 0;
    }

    /** Passes on text outside the markup, trimming it: no leading whitespace, trailing whitespace held back. */
    private void release(CharSequence source, int from, int to) {
        int last = to - 1;
        while (last >= from && Character.isWhitespace(source.charAt(last))) {
            last--;
        }
        if (last < from) {
            if (text.length() > 0 && !dropSpace) {
                heldSpace.append(source, from, to);
            }
            return;
        }
        int start = from;
        if (text.length() == 0 || dropSpace) {
            while (Character.isWhitespace(source.charAt(start))) {
                start++;
            }
        }
        dropSpace = false;
        String piece = heldSpace + source.subSequence(start, last + 1).toString();
        heldSpace.setLength(0);
        heldSpace.append(source, last + 1, to);
        text.append(piece);
        sink.text(piece);
    }

    /** Whether {@code text} holds {@code token} at {@code at}. */
    static boolean startsWith(CharSequence text, int at, String token) {
        if (at < 0 || at + token.length() > text.length()) {
            return false;
        }
        for (int i = 0; i < token.length(); i++) {
            if (text.charAt(at + i) != token.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the text from {@code at} to its end is a proper start of {@code token}. */
    static boolean isPrefix(CharSequence text, int at, String token) {
        int length = text.length() - at;
        if (length <= 0 || length >= token.length()) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (text.charAt(at + i) != token.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the text at {@code at} is {@code token} or, at the end of what has arrived, may become it. */
    static boolean mayStartWith(CharSequence text, int at, String token) {
        return startsWith(text, at, token) || isPrefix(text, at, token);
    }

    /** Returns where {@code token} first occurs at or after {@code from}, or -1. */
    static int indexOf(CharSequence text, String token, int from) {
        int last = text.length() - token.length();
        for (int i = Math.max(from, 0); i <= last; i++) {
            if (text.charAt(i) == token.charAt(0) && startsWith(text, i, token)) {
                return i;
            }
        }
        return -1;
    }

    /** Returns the first position at or after {@code from} that is not whitespace; the length when none is. */
    static int skipSpace(CharSequence text, int from) {
        int i = from;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }
}
