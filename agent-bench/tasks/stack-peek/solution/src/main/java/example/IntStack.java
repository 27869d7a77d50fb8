package example;

import java.util.Arrays;

/** A stack of ints. */
public final class IntStack {
    private int[] items = new int[4];
    private int size;

    public void push(int value) {
        if (size == items.length) {
            items = Arrays.copyOf(items, size * 2);
        }
        items[size++] = value;
    }

    public int pop() {
        if (size == 0) {
            throw new IllegalStateException("the stack is empty");
        }
        return items[--size];
    }

    public int peek() {
        if (size == 0) {
            throw new IllegalStateException("the stack is empty");
        }
        return items[size - 1];
    }

    public int size() {
        return size;
    }
}
