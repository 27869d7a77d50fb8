package dev.corvid.tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Where {@code run_shell} commands run: as plain processes, or inside a
 * <a href="https://github.com/containers/bubblewrap">bubblewrap</a> sandbox ({@code bwrap}, Linux; Debian
 * package {@code bubblewrap}) that lets a command write only in the workspace, sees the rest of the file
 * system read-only, gives it a private {@code /tmp}, hides the home directory's secrets ({@code ~/.ssh},
 * cloud and registry credentials) and, unless the network is allowed, cuts it off from every network,
 * the machine's own {@code 127.0.0.1} included.
 *
 * <p>When {@code bwrap} is missing or cannot run (some kernels forbid the user namespaces it needs), the
 * sandbox is not {@linkplain #active() active}: commands run as plain processes and {@link #status()} says
 * why, for the user to see. Immutable and thread-safe.
 */
public final class Sandbox {

    /** Paths under the home directory that hold credentials; hidden from sandboxed commands. */
    static final List<String> SECRETS = List.of(".ssh", ".gnupg", ".aws", ".azure", ".config/gcloud", ".kube",
            ".docker", ".netrc", ".git-credentials", ".npmrc", ".pypirc", ".m2/settings-security.xml",
            ".config/gh", ".password-store");

    /** Whether a bwrap executable can start a sandbox here, by its path; probed once per path. */
    private static final Map<Path, String> PROBES = new ConcurrentHashMap<>();
    private static final String WORKS = "";

    private static final Sandbox NONE = new Sandbox(null, false, null);

    private final Path bwrap;
    private final boolean network;
    private final Path home;

    private Sandbox(Path bwrap, boolean network, Path home) {
        this.bwrap = bwrap;
        this.network = network;
        this.home = home;
    }

    /** {@return no sandbox: commands run as plain processes that can reach whatever the application can} */
    public static Sandbox none() {
        return NONE;
    }

    /** {@return the bubblewrap sandbox with {@code bwrap} from the {@code PATH} (or /usr/bin), without network} */
    public static Sandbox bubblewrap() {
        Path found = ShellRunner.onPath("bwrap");
        return bubblewrap(found == null ? Path.of("/usr/bin/bwrap") : found);
    }

    /**
     * Returns the bubblewrap sandbox run by the given executable, without network.
     *
     * @param executable the {@code bwrap} program; when it is missing the sandbox is inactive
     * @return the sandbox
     */
    public static Sandbox bubblewrap(Path executable) {
        if (executable == null) {
            throw new IllegalArgumentException("the bwrap executable must not be null; use Sandbox.none() for none");
        }
        return new Sandbox(executable.toAbsolutePath(), false, Path.of(System.getProperty("user.home")));
    }

    /**
     * Returns this sandbox with the network allowed or cut off; without a sandbox this changes nothing.
     *
     * @param allowed whether commands may reach the network
     * @return the changed sandbox
     */
    public Sandbox network(boolean allowed) {
        return bwrap == null ? this : new Sandbox(bwrap, allowed, home);
    }

    /**
     * Returns this sandbox hiding the secrets of another home directory than the user's.
     *
     * @param directory the home directory whose {@code .ssh} and other credentials are hidden
     * @return the changed sandbox
     */
    public Sandbox home(Path directory) {
        if (directory == null) {
            throw new IllegalArgumentException("the home directory must not be null");
        }
        return bwrap == null ? this : new Sandbox(bwrap, network, directory.toAbsolutePath());
    }

    /** {@return whether commands run inside the sandbox: bwrap was asked for, is installed and works here} */
    public boolean active() {
        return bwrap != null && problem().isEmpty();
    }

    /** {@return whether sandboxed commands may reach the network} */
    public boolean networkAllowed() {
        return network;
    }

    /** {@return a line for the user saying how commands run, and when the sandbox is inactive, why} */
    public String status() {
        if (bwrap == null) {
            return "shell commands are not sandboxed";
        }
        String problem = problem();
        if (!problem.isEmpty()) {
            return "shell commands are not sandboxed: " + problem;
        }
        return "shell commands run in a bubblewrap sandbox (writes only in the workspace, "
                + (network ? "network allowed" : "no network") + ")";
    }

    /** Returns why bwrap cannot be used, or empty when it works. */
    private String problem() {
        return PROBES.computeIfAbsent(bwrap, Sandbox::probe);
    }

    private static String probe(Path bwrap) {
        if (!Files.isExecutable(bwrap)) {
            return bwrap + " was not found; install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap)";
        }
        try {
            Process process = new ProcessBuilder(bwrap.toString(), "--ro-bind", "/", "/", "--unshare-net",
                    "--unshare-pid", "--proc", "/proc", "--dev", "/dev", "true").redirectErrorStream(true).start();
            process.getOutputStream().close();
            // Wait before reading: reading first would block until bwrap exits, so a hung bwrap would hang here.
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "bwrap did not start within 10 s";
            }
            byte[] output = process.getInputStream().readNBytes(2000);
            if (process.exitValue() != 0) {
                String why = new String(output, StandardCharsets.UTF_8).strip();
                return "bwrap cannot create a sandbox here" + (why.isEmpty() ? "" : " (" + why + ")")
                        + "; the kernel may forbid unprivileged user namespaces";
            }
            return WORKS;
        } catch (IOException e) {
            return "bwrap could not be started (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "the check of bwrap was interrupted";
        }
    }

    /**
     * Returns the command line that runs a shell command in the sandbox, or plainly when it is inactive.
     *
     * @param workspace the directory commands may write in and start in
     * @param shell the shell and its flag, e.g. {@code [/bin/bash, -c]}
     * @param command the command string
     */
    List<String> commandLine(Path workspace, List<String> shell, String command) {
        List<String> line = new ArrayList<>();
        if (active()) {
            line.addAll(List.of(bwrap.toString(), "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
                    "--tmpfs", "/tmp", "--unshare-pid", "--unshare-ipc", "--die-with-parent", "--new-session"));
            if (!network) {
                line.add("--unshare-net");
            }
            // After the private /tmp, so that a workspace under /tmp is the real one, writable.
            String root = workspace.toString();
            line.addAll(List.of("--bind", root, root, "--chdir", root, "--setenv", "TMPDIR", "/tmp"));
            // After the workspace, so that secrets stay hidden even when the workspace is the home directory.
            for (String secret : SECRETS) {
                Path path = home.resolve(secret);
                if (Files.isDirectory(path)) {
                    line.addAll(List.of("--tmpfs", path.toString()));
                } else if (Files.exists(path)) {
                    line.addAll(List.of("--ro-bind", "/dev/null", path.toString()));
                }
            }
            line.add("--");
        }
        line.addAll(shell);
        line.add(command);
        return line;
    }

    @Override
    public String toString() {
        return "Sandbox[" + (bwrap == null ? "none" : bwrap + (network ? ", network" : ", no network")) + "]";
    }
}
