package dev.corvid.model;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.security.CodeSource;
import java.util.Properties;

/**
 * The check that the class path holds a {@code jackson-annotations} new enough for Jackson 3, made when a
 * model or a set of tools is built so that an old jar is reported by name instead of surfacing later as a
 * {@code NoClassDefFoundError}.
 *
 * <p>Jackson 3 keeps using the 2.x annotations jar, and Jackson 3.2's databind needs
 * {@code com.fasterxml.jackson.core:jackson-annotations} {@value #MINIMUM} or newer (it uses
 * {@code @JsonSerializeAs}). Frameworks that manage Jackson 2 often pin an older one: Spring Boot 3.5 manages
 * 2.19. Corvid's builders call {@link #check()}; an application need not. Thread-safe; the class path is
 * looked at once.
 */
public final class JacksonRequirement {

    /** The oldest jackson-annotations version Corvid runs with. */
    public static final String MINIMUM = "2.21";

    private static final String PROBE = "com.fasterxml.jackson.annotation.JsonSerializeAs";
    private static final String ANNOTATIONS = "com.fasterxml.jackson.annotation.JsonProperty";
    private static final String PROBLEM = problem(JacksonRequirement.class.getClassLoader());

    private JacksonRequirement() {
    }

    /**
     * Checks the class path.
     *
     * @throws IllegalStateException naming the jar found, its version and the version needed, when
     *     jackson-annotations is missing or too old
     */
    public static void check() {
        if (PROBLEM != null) {
            throw new IllegalStateException(PROBLEM);
        }
    }

    /** Returns what is wrong with the jackson-annotations that {@code loader} sees, or null when nothing is. */
    static String problem(ClassLoader loader) {
        Class<?> annotations;
        try {
            Class.forName(PROBE, false, loader);
            return null;
        } catch (ClassNotFoundException | LinkageError tooOld) {
            try {
                annotations = Class.forName(ANNOTATIONS, false, loader);
            } catch (ClassNotFoundException | LinkageError missing) {
                return "Corvid needs com.fasterxml.jackson.core:jackson-annotations " + MINIMUM + " or newer, and "
                        + "there is none on the class path: add it" + HOW;
            }
        }
        String version = version(annotations);
        return "Corvid needs com.fasterxml.jackson.core:jackson-annotations " + MINIMUM + " or newer (Jackson 3's "
                + "databind uses its @JsonSerializeAs), but the class path has "
                + (version == null ? "an older one" : "version " + version) + " from " + location(annotations)
                + ". Spring Boot 3.5, for one, manages 2.19: override it" + HOW;
    }

    private static final String HOW = " (Maven: declare com.fasterxml.jackson.core:jackson-annotations:2.22 in "
            + "<dependencyManagement>; Gradle: implementation(\"com.fasterxml.jackson.core:jackson-annotations:2.22\") "
            + "with a strictly or a platform constraint)";

    private static String version(Class<?> annotations) {
        String version = annotations.getPackage() == null ? null
                : annotations.getPackage().getImplementationVersion();
        if (version != null) {
            return version;
        }
        // A jar without a manifest version (a shaded or repackaged one) may still carry Maven's properties.
        try (InputStream in = annotations.getResourceAsStream(
                "/META-INF/maven/com.fasterxml.jackson.core/jackson-annotations/pom.properties")) {
            if (in == null) {
                return null;
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException unreadable) {
            return null;
        }
    }

    private static String location(Class<?> annotations) {
        CodeSource source = annotations.getProtectionDomain().getCodeSource();
        URL url = source == null ? null : source.getLocation();
        return url == null ? "an unknown jar" : url.toString();
    }
}
