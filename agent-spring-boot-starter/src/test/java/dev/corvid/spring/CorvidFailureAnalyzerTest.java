package dev.corvid.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class CorvidFailureAnalyzerTest {

    private final CorvidFailureAnalyzer analyzer = new CorvidFailureAnalyzer();

    @Test
    void missingPropertyIsReportedWithWhatToSet() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(CorvidAutoConfiguration.class))
                .withPropertyValues("corvid.base-url=http://127.0.0.1:9/v1")
                .run(context -> {
                    FailureAnalysis analysis = analyzer.analyze(context.getStartupFailure());
                    assertNotNull(analysis, "the failure should be Corvid's");
                    assertTrue(analysis.getDescription().contains("set corvid.model"), analysis.getDescription());
                    assertTrue(analysis.getAction().contains("corvid.*"), analysis.getAction());
                });
    }

    @Test
    void oldJacksonAnnotationsIsReportedWithTheOneLineFix() {
        Throwable failure = new BeanCreationException("corvidChatModel", "failed",
                new NoClassDefFoundError("com/fasterxml/jackson/annotation/JsonSerializeAs"));
        FailureAnalysis analysis = analyzer.analyze(failure);
        assertNotNull(analysis);
        assertTrue(analysis.getDescription().contains("com.fasterxml.jackson.annotation.JsonSerializeAs"),
                analysis.getDescription());
        assertTrue(analysis.getAction().endsWith(CorvidFailureAnalyzer.JACKSON_FIX), analysis.getAction());
    }

    @Test
    void corvidsOwnJacksonCheckIsReportedWithTheOneLineFix() {
        String found = "Corvid needs com.fasterxml.jackson.core:jackson-annotations 2.21 or newer, but the class path "
                + "has version 2.19.2 from file:/m2/jackson-annotations-2.19.2.jar";
        FailureAnalysis analysis = analyzer.analyze(new BeanCreationException("corvidChatModel", "failed",
                new IllegalStateException(found)));
        assertNotNull(analysis);
        assertEquals(found, analysis.getDescription());
        assertTrue(analysis.getAction().endsWith(CorvidFailureAnalyzer.JACKSON_FIX), analysis.getAction());
    }

    @Test
    void otherFailuresAreLeftToOtherAnalyzers() {
        assertNull(analyzer.analyze(new IllegalStateException("port 8080 is taken")));
        assertNull(analyzer.analyze(new NoClassDefFoundError("org/example/Missing")));
    }

    @Test
    void analyzerIsRegisteredForSpringBoot() throws Exception {
        Properties factories = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring.factories")) {
            assertNotNull(in, "META-INF/spring.factories is missing");
            factories.load(in);
        }
        assertEquals(CorvidFailureAnalyzer.class.getName(),
                factories.getProperty("org.springframework.boot.diagnostics.FailureAnalyzer"));
    }
}
