package example;

/** An order moving through its states. */
public final class Order {
    /** The states of an order, in order. */
    public enum Status { NEW, PAID, SHIPPED }

    private Status status = Status.NEW;

    public Status status() {
        return status;
    }

    public void advance() {
        if (status != Status.SHIPPED) {
            status = Status.values()[status.ordinal() + 1];
        }
    }
}
