package dev.corvid.samples.cli;

import dev.corvid.model.Cost;
import dev.corvid.model.Message;
import dev.corvid.session.FileSessionStore;
import dev.corvid.session.Session;
import dev.corvid.session.SessionInfo;
import dev.corvid.session.SessionStore;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The sessions of the {@code corvid} command: every run is one, kept as files under
 * {@code $CORVID_HOME/sessions}; {@code --continue} and {@code --resume} pick the one a run goes on with,
 * {@code --list-sessions} shows them.
 */
final class CliSessions {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final int TASK_WIDTH = 60;

    private CliSessions() {
    }

    /** Returns the store of the command's sessions, in {@code $CORVID_HOME/sessions}. */
    static SessionStore store(Path corvidHome) {
        return new FileSessionStore(corvidHome.resolve("sessions"));
    }

    /**
     * Returns the session a run goes on with: the one of {@code resumeId}, else with {@code continueLast}
     * the newest of the workspace, else (or when the workspace has none) a new one.
     *
     * @throws IllegalArgumentException when no session has the id to resume, saying how to find one
     */
    static Session choose(SessionStore store, Path workspace, boolean continueLast, String resumeId) {
        if (resumeId != null) {
            return store.load(resumeId).orElseThrow(() -> new IllegalArgumentException("no session '" + resumeId
                    + "' to resume; corvid --list-sessions shows the sessions there are"));
        }
        if (continueLast) {
            Session newest = store.newest(workspace.toString()).flatMap(info -> store.load(info.id())).orElse(null);
            if (newest != null) {
                return newest;
            }
        }
        return store.create(workspace.toString());
    }

    /**
     * Returns the note that tells the model of a session what an undo put back, so that it does not take the
     * undone changes for granted when the session goes on.
     */
    static Message undoNote(Checkpoint.Undone undone) {
        return Message.user("[Note from corvid, not a new task] The user undid the file changes of the last run, "
                + "so the workspace no longer holds them: " + undone.describe().replace("\n", "; ")
                + ". Read the files again before relying on what that run changed.");
    }

    /**
     * Appends the undo note to the newest session of a workspace, the one whose run was undone.
     *
     * @return the session's id, or null when the workspace has none
     */
    static String noteUndo(SessionStore store, Path workspace, Checkpoint.Undone undone) {
        Session newest = store.newest(workspace.toString()).flatMap(info -> store.load(info.id())).orElse(null);
        if (newest == null) {
            return null;
        }
        newest.append(List.of(undoNote(undone)), null);
        return newest.id();
    }

    /** Returns the table of {@code --list-sessions}: id, workspace, last update, first task, turns, cost. */
    static String table(List<SessionInfo> sessions, ZoneId zone) {
        if (sessions.isEmpty()) {
            return "no sessions yet: every corvid run with a task starts one";
        }
        StringBuilder table = new StringBuilder(String.format("%-22s  %-16s  %5s  %-12s  %s  %s%n",
                "ID", "UPDATED", "TURNS", "COST", "WORKSPACE", "FIRST TASK"));
        for (SessionInfo info : sessions) {
            table.append(String.format("%-22s  %-16s  %5d  %-12s  %s  %s%n", info.id(),
                    TIME.format(info.updated().atZone(zone)), info.turns(), cost(info.cost()),
                    info.workspace() == null ? "-" : info.workspace(), task(info.firstTask())));
        }
        return table.toString().stripTrailing();
    }

    private static String cost(Cost cost) {
        return cost == null ? "-" : cost.amount().setScale(Math.max(2, Math.min(4, cost.amount().scale())),
                java.math.RoundingMode.HALF_UP).toPlainString() + " " + cost.currency().getCurrencyCode();
    }

    private static String task(String task) {
        if (task == null) {
            return "-";
        }
        return task.length() > TASK_WIDTH ? task.substring(0, TASK_WIDTH - 3) + "..." : task;
    }
}
