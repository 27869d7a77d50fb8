package example;

/** Makes URL slugs from titles. */
public final class Slug {
    private Slug() {
    }

    public static String of(String title) {
        throw new UnsupportedOperationException("not written yet");
    }
}
