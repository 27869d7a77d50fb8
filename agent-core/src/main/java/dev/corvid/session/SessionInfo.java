package dev.corvid.session;

import dev.corvid.model.AssistantMessage;
import dev.corvid.model.Cost;
import dev.corvid.model.Message;
import dev.corvid.model.UserMessage;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Currency;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a store knows about one session besides its messages: where and when it ran, what it began with,
 * how far it went and what it cost.
 *
 * @param id the session's id; never null
 * @param workspace where the session belongs, such as the directory a coding agent worked in; null when
 *     the application gave none
 * @param firstTask the first line of the first user message, cut to {@value #FIRST_TASK_LENGTH}
 *     characters; null before the first user message
 * @param created when the session was created; never null
 * @param updated when messages were last appended; never null
 * @param messages how many messages the session holds
 * @param turns how many answers the model gave: the assistant messages among them
 * @param cost what the turns whose price was known cost; null when none was
 * @param version changes with every append: a writer passes the version it last saw, so that two writers
 *     of one session never interleave (see {@link SessionConflictException})
 */
public record SessionInfo(String id, String workspace, String firstTask, Instant created, Instant updated,
                          int messages, int turns, Cost cost, long version) {

    /** How long {@link #firstTask()} may be. */
    public static final int FIRST_TASK_LENGTH = 200;

    /**
     * Checks the fields.
     *
     * @param id the session's id; never null
     * @param workspace where the session belongs; null when none was given
     * @param firstTask the first line of the first user message; null before there is one
     * @param created when the session was created; never null
     * @param updated when messages were last appended; never null
     * @param messages how many messages the session holds
     * @param turns how many answers the model gave
     * @param cost what the priced turns cost; null when none was priced
     * @param version changes with every append
     */
    public SessionInfo {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a session needs an id");
        }
        if (created == null || updated == null) {
            throw new IllegalArgumentException("a session needs its creation and update times");
        }
        if (messages < 0 || turns < 0 || version < 0) {
            throw new IllegalArgumentException("counts and version must not be negative");
        }
    }

    private static final System.Logger LOG = System.getLogger(SessionInfo.class.getName());
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** Returns the info of a new, empty session with a fresh id that sorts by creation time. */
    static SessionInfo fresh(String workspace, Instant now) {
        byte[] random = new byte[3];
        RANDOM.nextBytes(random);
        String id = ID_TIME.format(now) + "-" + HexFormat.of().formatHex(random);
        return new SessionInfo(id, workspace, null, now, now, 0, 0, null, 0);
    }

    /** Returns whether the text could be a session id: letters, digits, dots, dashes, underscores. */
    static boolean isId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** Returns this info after appending messages that cost so much, at the given version. */
    SessionInfo appended(List<Message> added, Cost addedCost, Instant now, long newVersion) {
        String task = firstTask;
        int answers = turns;
        for (Message message : added) {
            if (task == null && message instanceof UserMessage user) {
                task = firstLine(user.text());
            }
            if (message instanceof AssistantMessage) {
                answers++;
            }
        }
        return new SessionInfo(id, workspace, task, created, now, messages + added.size(), answers,
                plus(cost, addedCost), newVersion);
    }

    private static String firstLine(String text) {
        String line = text.strip().lines().findFirst().orElse("");
        return line.length() > FIRST_TASK_LENGTH ? line.substring(0, FIRST_TASK_LENGTH) : line;
    }

    private Cost plus(Cost sum, Cost more) {
        if (more == null) {
            return sum;
        }
        if (sum == null) {
            return more;
        }
        if (!sum.currency().equals(more.currency())) {
            // One session priced in two currencies: keep the first rather than fail the append.
            LOG.log(System.Logger.Level.WARNING, "session " + id + " costs " + sum.currency() + "; a turn priced in "
                    + more.currency() + " is left out of its cost");
            return sum;
        }
        return sum.plus(more);
    }

    /** Returns a cost written as {@link Cost#toString()}, or null for null. */
    static Cost parseCost(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        int space = text.indexOf(' ');
        return new Cost(new BigDecimal(text.substring(0, space)), Currency.getInstance(text.substring(space + 1)));
    }
}
