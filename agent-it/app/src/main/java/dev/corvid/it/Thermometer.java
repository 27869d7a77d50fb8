package dev.corvid.it;

import dev.corvid.spring.AgentTools;
import dev.corvid.tool.Tool;
import jakarta.validation.constraints.NotBlank;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The application's tool bean: temperatures of a few cities. */
@Component
@AgentTools
public class Thermometer {

    private static final Map<String, Double> CELSIUS = Map.of("Paris", 21.5, "Oslo", 4.0);

    /** Creates the thermometer; Spring does this. */
    public Thermometer() {
    }

    /**
     * Returns the temperature in a city.
     *
     * @param city the city's name, such as Paris
     * @return degrees Celsius
     * @throws IllegalArgumentException for a city it does not know
     */
    @Tool("Returns the temperature in a city, in degrees Celsius")
    public double temperature(@NotBlank String city) {
        Double celsius = CELSIUS.get(city);
        if (celsius == null) {
            throw new IllegalArgumentException("no thermometer in " + city + "; try Paris or Oslo");
        }
        return celsius;
    }
}
