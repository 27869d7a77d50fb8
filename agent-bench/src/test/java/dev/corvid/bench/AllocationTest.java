package dev.corvid.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AllocationTest {

    @Test
    void allocatingAnArrayRaisesTheTotal() {
        long before = Allocation.totalBytes();
        byte[][] kept = new byte[64][];
        for (int i = 0; i < kept.length; i++) {
            kept[i] = new byte[64 * 1024];
        }
        long after = Allocation.totalBytes();
        assertTrue(after - before >= 64L * 64 * 1024,
                "allocated " + (after - before) + " bytes for " + kept.length + " arrays of 64 KiB");
    }
}
