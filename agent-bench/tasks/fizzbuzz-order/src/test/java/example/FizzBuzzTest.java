package example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FizzBuzzTest {
    @Test
    void multiplesOfFifteenAreFizzBuzz() {
        assertEquals("FizzBuzz", FizzBuzz.say(15));
        assertEquals("FizzBuzz", FizzBuzz.say(45));
    }

    @Test
    void otherNumbers() {
        assertEquals("Fizz", FizzBuzz.say(9));
        assertEquals("Buzz", FizzBuzz.say(10));
        assertEquals("7", FizzBuzz.say(7));
    }
}
