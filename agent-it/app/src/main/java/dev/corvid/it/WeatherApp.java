package dev.corvid.it;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small Spring Boot web application that answers questions about the weather with Corvid's starter: the
 * agent bean comes from {@code corvid.*} properties and calls the {@link Thermometer} as a tool.
 *
 * <p>The same sources are built against Boot 3.5 (agent-it-boot3) and Boot 4.0 (agent-it-boot4).
 */
@SpringBootApplication
public class WeatherApp {

    /**
     * Starts the application.
     *
     * @param args Spring Boot's command-line arguments
     */
    public static void main(String[] args) {
        SpringApplication.run(WeatherApp.class, args);
    }
}
