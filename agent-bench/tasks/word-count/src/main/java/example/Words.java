package example;

/** Counts words in text. */
public final class Words {
    private Words() {
    }

    public static int count(String text) {
        return text.split(" ").length;
    }
}
