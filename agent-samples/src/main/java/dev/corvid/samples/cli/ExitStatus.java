package dev.corvid.samples.cli;

/**
 * The exit statuses of the {@code corvid} command: 0 the model answered; 1 the run ended without an answer;
 * 2 a usage error; 3 the provider or the network failed; 130 interrupted (the status of SIGINT).
 */
final class ExitStatus {

    static final int ANSWERED = 0;
    static final int NO_ANSWER = 1;
    static final int USAGE = 2;
    static final int PROVIDER_FAILED = 3;
    static final int INTERRUPTED = 130;

    private ExitStatus() {
    }
}
