package example;

/** An order moving through its states. */
public final class Order {
    public static final int NEW = 0;
    public static final int PAID = 1;
    public static final int SHIPPED = 2;

    private int status = NEW;

    public int status() {
        return status;
    }

    public void advance() {
        if (status < SHIPPED) {
            status++;
        }
    }
}
