package dev.corvid.tools;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A project's rules for coding agents: the {@code AGENTS.md} files from the git root down to the workspace
 * directory, farther files first and nearer (more specific) files last, for the system prompt.
 *
 * <p>The text is capped at {@link #MAX_BYTES}; when the files are longer, the nearer files are kept whole
 * first, the file that no longer fits is cut, farther ones are left out, and the text ends with a note
 * saying so.
 *
 * @param files the files read, farther first, as paths relative to the top directory searched
 * @param text the rules, each file under a heading naming it; empty when there are none
 * @param cut whether the cap cut or left out some of them
 */
public record ProjectRules(List<String> files, String text, boolean cut) {

    /** The file name read in each directory. */
    public static final String FILE_NAME = "AGENTS.md";
    /** The most bytes of rules (UTF-8) put into the prompt. */
    public static final int MAX_BYTES = 32 * 1024;

    /**
     * Makes the list unmodifiable.
     *
     * @param files the files read, farther first
     * @param text the rules
     * @param cut whether the cap cut some of them
     */
    public ProjectRules {
        files = List.copyOf(files);
    }

    /**
     * Reads the rules for a workspace: the {@code AGENTS.md} files in the workspace directory and each
     * directory above it up to the git root (the nearest with a {@code .git}); only the workspace's own file
     * when it is not in a git repository. Unreadable files are skipped.
     *
     * @param workspace the workspace directory
     * @return the rules; empty when there are no such files
     */
    public static ProjectRules read(Path workspace) {
        Path start = workspace.toAbsolutePath().normalize();
        List<Path> directories = new ArrayList<>();
        Path top = start;
        for (Path directory = start; directory != null; directory = directory.getParent()) {
            directories.add(directory);
            if (Files.exists(directory.resolve(".git"))) {
                top = directory;
                break;
            }
        }
        if (!Files.exists(top.resolve(".git"))) {
            directories = List.of(start);
            top = start;
        }
        // Nearest first, to keep the most specific rules whole when the cap is reached.
        List<String> names = new ArrayList<>();
        List<String> sections = new ArrayList<>();
        int budget = MAX_BYTES;
        boolean cut = false;
        for (Path directory : directories) {
            Path file = directory.resolve(FILE_NAME);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            if (budget <= 0) {
                cut = true;
                break;
            }
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (IOException unreadable) {
                continue;
            }
            String name = top.relativize(file).toString();
            String content;
            if (bytes.length > budget) {
                content = prefix(bytes, budget);
                cut = true;
            } else {
                content = new String(bytes, StandardCharsets.UTF_8);
            }
            budget -= bytes.length;
            names.add(name);
            sections.add("## " + name + "\n\n" + content.strip() + "\n");
        }
        Collections.reverse(names);
        Collections.reverse(sections);
        String text = String.join("\n", sections);
        if (cut) {
            text += "\n[The AGENTS.md rules were cut at " + MAX_BYTES / 1024 + " KiB; farther files or their ends "
                    + "are missing. Read them with read_file where they matter.]\n";
        }
        return new ProjectRules(names, text, cut);
    }

    /** {@return whether there are no rules} */
    public boolean isEmpty() {
        return files.isEmpty();
    }

    /** Returns the start of UTF-8 text within a number of bytes, never splitting a character. */
    private static String prefix(byte[] bytes, int limit) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        CharBuffer chars = CharBuffer.allocate(limit);
        decoder.decode(ByteBuffer.wrap(bytes, 0, limit), chars, false);
        return chars.flip().toString();
    }
}
