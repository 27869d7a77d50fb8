package dev.corvid.bench.tasks;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the {@code mvn} executable that runs the tasks' tests. */
final class Maven {

    private Maven() {
    }

    /** Returns {@code mvn} from {@code $MAVEN_HOME/bin} or the {@code PATH}, or null when there is none. */
    static Path find() {
        String home = System.getenv("MAVEN_HOME");
        if (home != null && Files.isExecutable(Path.of(home, "bin", "mvn"))) {
            return Path.of(home, "bin", "mvn");
        }
        String path = System.getenv("PATH");
        for (String directory : path == null ? new String[0] : path.split(File.pathSeparator)) {
            Path candidate = Path.of(directory, "mvn");
            if (!directory.isEmpty() && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
