package dev.corvid.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Reads which version of a library is on the class path, from the Maven metadata in its jar. */
final class Versions {

    private Versions() {
    }

    static String of(String groupId, String artifactId) {
        String resource = "META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
        try (InputStream in = Versions.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(groupId + ":" + artifactId + " is not on the class path");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns the system property the module's POM sets, failing when the POM does not set it. */
    static String expected(String name) {
        String value = System.getProperty("corvid.it.expect." + name);
        if (value == null) {
            throw new IllegalStateException("set corvid.it.expect." + name + " in the module's surefire configuration");
        }
        return value;
    }
}
