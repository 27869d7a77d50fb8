package dev.corvid.samples.cli;

import dev.corvid.session.SessionInfo;
import dev.corvid.session.SessionStore;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.UserInterruptException;

/**
 * The list that {@code /resume} without an id shows: the newest other sessions of the workspace, numbered,
 * and the one the user picks by its number.
 */
final class SessionPicker {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final int CHOICES = 9;

    private SessionPicker() {
    }

    /**
     * Shows the workspace's other sessions and asks for one; returns its id, or null when the user picked
     * none or there was none to pick, which it has said.
     *
     * @param current the id of the session the user is in, left out of the list
     */
    static String pick(SessionStore store, Path workspace, String current, LineReader reader, PrintStream screen) {
        List<SessionInfo> sessions = store.list().stream()
                .filter(info -> workspace.toString().equals(info.workspace()) && !info.id().equals(current))
                .limit(CHOICES).toList();
        if (sessions.isEmpty()) {
            screen.println("corvid: no other session of this workspace to resume");
            return null;
        }
        for (int i = 0; i < sessions.size(); i++) {
            SessionInfo info = sessions.get(i);
            screen.println(String.format("%d  %s  %s  %3d turns  %s", i + 1, info.id(),
                    TIME.format(info.updated().atZone(ZoneId.systemDefault())), info.turns(),
                    info.firstTask() == null ? "-" : info.firstTask().lines().findFirst().orElse("")));
        }
        String answer;
        try {
            answer = reader.readLine("session to resume (number, or Enter to stay): ").strip();
        } catch (UserInterruptException | EndOfFileException e) {
            return null;
        }
        if (answer.isEmpty()) {
            return null;
        }
        try {
            int number = Integer.parseInt(answer);
            if (number >= 1 && number <= sessions.size()) {
                return sessions.get(number - 1).id();
            }
        } catch (NumberFormatException e) {
            // said below
        }
        screen.println("corvid: give a number from 1 to " + sessions.size() + "; the session stays " + current);
        return null;
    }
}
