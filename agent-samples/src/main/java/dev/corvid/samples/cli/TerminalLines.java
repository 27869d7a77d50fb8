package dev.corvid.samples.cli;

import java.io.BufferedReader;
import java.io.Reader;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.UserInterruptException;

/**
 * The answers to approval questions in an interactive session, read through the session's line reader so
 * that no second reader of the terminal takes keys meant for the prompt. Ctrl-C at a question refuses the
 * call and cancels the turn; Ctrl-D refuses it.
 */
final class TerminalLines extends BufferedReader {

    private final LineReader reader;
    private final Runnable onInterrupt;

    /**
     * @param reader the session's line reader
     * @param onInterrupt what Ctrl-C at a question does beside refusing: cancel the running turn
     */
    TerminalLines(LineReader reader, Runnable onInterrupt) {
        super(Reader.nullReader());
        this.reader = reader;
        this.onInterrupt = onInterrupt;
    }

    /** Returns the answer typed, or null when the user pressed Ctrl-C or Ctrl-D instead. */
    @Override
    public String readLine() {
        try {
            // The question ends its line without a newline; the answer goes on a line of its own.
            reader.getTerminal().writer().println();
            return reader.readLine("answer> ");
        } catch (UserInterruptException e) {
            onInterrupt.run();
            return null;
        } catch (EndOfFileException e) {
            return null;
        }
    }
}
