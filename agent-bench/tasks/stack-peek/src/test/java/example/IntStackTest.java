package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class IntStackTest {
    @Test
    void peekShowsTheTopWithoutRemovingIt() {
        IntStack stack = new IntStack();
        stack.push(1);
        stack.push(2);
        assertEquals(2, stack.peek());
        assertEquals(2, stack.size());
        assertEquals(2, stack.pop());
        assertEquals(1, stack.peek());
    }

    @Test
    void peekOnAnEmptyStackFails() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new IntStack().peek());
        assertEquals("the stack is empty", e.getMessage());
    }
}
