package example;

import java.util.Locale;

/** Makes URL slugs from titles. */
public final class Slug {
    private Slug() {
    }

    public static String of(String title) {
        return title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    }
}
