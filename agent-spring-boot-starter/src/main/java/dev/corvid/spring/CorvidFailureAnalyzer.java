package dev.corvid.spring;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Turns Corvid's startup failures into Spring Boot's "APPLICATION FAILED TO START" report: a missing or
 * invalid {@code corvid.*} property, and a jackson-annotations too old for Jackson 3, as Spring Boot 3.5
 * manages it.
 */
public final class CorvidFailureAnalyzer implements FailureAnalyzer {

    /** The line that fixes an old jackson-annotations, for the application's {@code <dependencyManagement>}. */
    static final String JACKSON_FIX = "<dependency><groupId>com.fasterxml.jackson.core</groupId>"
            + "<artifactId>jackson-annotations</artifactId><version>2.22</version></dependency>";

    /** Creates the analyzer; Spring Boot does this. */
    public CorvidFailureAnalyzer() {
    }

    /**
     * Returns what went wrong and what to do, or null for failures that are not Corvid's.
     *
     * @param failure why the application did not start
     * @return the analysis, or null
     */
    @Override
    public FailureAnalysis analyze(Throwable failure) {
        for (Throwable at = failure; at != null; at = at.getCause()) {
            if (at instanceof CorvidConfigurationException) {
                return new FailureAnalysis("Corvid's model is not configured: " + at.getMessage() + ".",
                        "Set the corvid.* properties in application.properties or the environment; "
                                + "see the README's Spring Boot section.", at);
            }
            // agent-core's own check of jackson-annotations, when it has one, names the jar it found.
            if (at instanceof IllegalStateException && at.getMessage() != null
                    && at.getMessage().contains("com.fasterxml.jackson.core:jackson-annotations")) {
                return new FailureAnalysis(at.getMessage(),
                        "Add this line to the <dependencyManagement><dependencies> of your POM: " + JACKSON_FIX, at);
            }
            if (at instanceof NoClassDefFoundError && at.getMessage() != null
                    && at.getMessage().startsWith("com/fasterxml/jackson/annotation/")) {
                return new FailureAnalysis("The jackson-annotations on the class path is older than Jackson 3, "
                        + "which Corvid uses, needs (it lacks " + at.getMessage().replace('/', '.')
                        + "). Spring Boot 3.5 manages it at 2.19.",
                        "Add this line to the <dependencyManagement><dependencies> of your POM: " + JACKSON_FIX, at);
            }
        }
        return null;
    }
}
