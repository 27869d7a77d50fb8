package dev.corvid.it;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * Runs only in agent-it-boot3's {@code without-jackson-fix} execution, whose class path has the
 * jackson-annotations Boot 3.5 manages instead of the one-line fix: startup must fail, naming the problem.
 */
class WithoutJacksonFixTest {

    @Test
    void bootThreeFiveWithoutTheFixFailsAtStartupNamingJacksonAnnotations() {
        String annotations = Versions.of("com.fasterxml.jackson.core", "jackson-annotations");
        assertTrue(annotations.startsWith("2.19"), "this execution should run on Boot 3.5's jackson-annotations "
                + "2.19, runs on " + annotations);

        PrintStream console = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Throwable failure;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            failure = assertThrows(Throwable.class, () -> new SpringApplicationBuilder(WeatherApp.class)
                    .web(WebApplicationType.NONE)
                    .properties("DASHSCOPE_API_KEY=sk-unused", "DASHSCOPE_BASE_URL=http://127.0.0.1:9/v1")
                    .run().close());
        } finally {
            System.setOut(console);
        }
        String log = printed.toString(StandardCharsets.UTF_8);
        console.print(log);

        StringBuilder chain = new StringBuilder();
        for (Throwable at = failure; at != null; at = at.getCause()) {
            chain.append(at).append('\n');
        }
        assertTrue(chain.indexOf("JsonSerializeAs") >= 0 || chain.indexOf("jackson-annotations") >= 0,
                chain.toString());
        // What the user reads: Boot's failure report, with the line to add.
        assertTrue(log.contains("APPLICATION FAILED TO START") && log.contains("<artifactId>jackson-annotations"
                + "</artifactId><version>2.22</version>"), log);
    }
}
