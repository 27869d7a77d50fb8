package dev.corvid.tool;

/** Words for what went wrong inside a tool, for the model: never a stack trace. */
final class Failures {

    private Failures() {
    }

    /** Describes an exception a tool threw: its type and message, nothing more. */
    static String describe(String toolName, Throwable failure) {
        String message = failure.getMessage();
        String type = failure.getClass().getSimpleName();
        return "Error: " + toolName + " failed with " + type
                + (message == null || message.isBlank() ? "" : ": " + message);
    }
}
