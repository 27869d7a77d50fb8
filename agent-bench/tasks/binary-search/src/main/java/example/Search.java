package example;

/** Binary search in a sorted array. */
public final class Search {
    private Search() {
    }

    /** Returns the index of the value in the sorted array, or -1. */
    public static int indexOf(int[] sorted, int value) {
        int low = 0;
        int high = sorted.length - 1;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (sorted[middle] == value) {
                return middle;
            } else if (sorted[middle] < value) {
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        return -1;
    }
}
