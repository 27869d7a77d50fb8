package example;

/** Counts words in text. */
public final class Words {
    private Words() {
    }

    public static int count(String text) {
        String trimmed = text.strip();
        return trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
    }
}
