package dev.corvid.samples.cli;

import dev.corvid.model.ToolCall;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checkpoints of a workspace outside git: before write_file or edit_file changes a file, a copy of it (or
 * the note that it did not exist) goes to {@code $CORVID_HOME/checkpoints/<workspace key>/}. What shell
 * commands change cannot be known beforehand, so it is not covered; undo says so.
 */
final class CopyCheckpoint implements Checkpoint {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ABSENT = "absent";

    private final Path workspace;
    private final Path directory;
    private final Path manifest;
    /** Path relative to the workspace -> whether it existed before the run. */
    private final Map<String, Boolean> recorded = new LinkedHashMap<>();
    private boolean shellRan;
    private boolean started;

    CopyCheckpoint(Path workspace, Path corvidHome) {
        this.workspace = workspace.toAbsolutePath().normalize();
        this.directory = corvidHome.resolve("checkpoints").resolve(Checkpoint.key(this.workspace.toString()));
        this.manifest = directory.resolve("manifest");
    }

    @Override
    public synchronized String beforeChange(ToolCall call) throws IOException {
        String line = null;
        if (!started && (call.name().equals("write_file") || call.name().equals("edit_file")
                || call.name().equals("run_shell"))) {
            deleteTree(directory);
            Files.createDirectories(directory.resolve("files"));
            started = true;
            line = "checkpoint taken (copies in " + directory + "); corvid --undo puts the files back";
        }
        if (call.name().equals("run_shell")) {
            shellRan = true;
        } else if (call.name().equals("write_file") || call.name().equals("edit_file")) {
            String path = path(call);
            if (path != null && !recorded.containsKey(path)) {
                Path file = workspace.resolve(path).normalize();
                boolean existed = file.startsWith(workspace) && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS);
                if (existed) {
                    Path copy = directory.resolve("files").resolve(encode(path));
                    Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
                recorded.put(path, existed);
            }
        }
        if (started) {
            write(Map.of());
        }
        return line;
    }

    @Override
    public synchronized void finish() throws IOException {
        if (!started) {
            return;
        }
        Map<String, String> after = new LinkedHashMap<>();
        for (String path : recorded.keySet()) {
            after.put(path, hash(workspace.resolve(path)));
        }
        write(after);
    }

    boolean hasCheckpoint() {
        return Files.isRegularFile(manifest);
    }

    Undone undo() throws IOException {
        Manifest saved = JSON.readValue(Files.readString(manifest), Manifest.class);
        List<String> restored = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (Map.Entry<String, Boolean> entry : saved.existed().entrySet()) {
            String path = entry.getKey();
            Path file = workspace.resolve(path).normalize();
            if (!file.startsWith(workspace)) {
                continue;
            }
            String left = saved.after().get(path);
            if (left != null && !left.equals(hash(file))) {
                kept.add(path);
                continue;
            }
            if (entry.getValue()) {
                Files.createDirectories(file.getParent());
                Files.copy(directory.resolve("files").resolve(encode(path)), file, StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.COPY_ATTRIBUTES);
            } else {
                Files.deleteIfExists(file);
            }
            restored.add(path);
        }
        List<String> notes = saved.shellRan()
                ? List.of("shell commands ran too; what they changed is not covered outside a git repository")
                : List.of();
        deleteTree(directory);
        return new Undone(restored, kept, notes);
    }

    /** The saved record of a run: which files existed before, their hashes after, and whether the shell ran. */
    record Manifest(Map<String, Boolean> existed, Map<String, String> after, boolean shellRan) {
    }

    private void write(Map<String, String> after) throws IOException {
        Files.writeString(manifest, JSON.writeValueAsString(new Manifest(recorded, after, shellRan)));
    }

    private static String path(ToolCall call) {
        try {
            String path = JSON.readTree(call.arguments()).path("path").asString(null);
            return path == null || path.isBlank() ? null : Path.of(path).normalize().toString();
        } catch (JacksonException | IllegalArgumentException e) {
            return null;
        }
    }

    private static String encode(String path) {
        return URLEncoder.encode(path, StandardCharsets.UTF_8);
    }


    private static String hash(Path file) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return ABSENT;
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static void deleteTree(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
