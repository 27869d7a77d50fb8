package example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SlugTest {
    @Test
    void titlesBecomeSlugs() {
        assertEquals("hello-world", Slug.of("Hello, World!"));
        assertEquals("java-17-release-notes", Slug.of("  Java 17 -- release notes "));
        assertEquals("", Slug.of("!!!"));
    }
}
