package dev.corvid.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;

/**
 * Bytes allocated on the heap by all threads of this JVM.
 *
 * <p>{@code com.sun.management.ThreadMXBean.getTotalThreadAllocatedBytes} is not part of the Java 17 API that
 * {@code --release 17} compiles against (newer JDKs and some 17 updates have it), so it is looked up when the
 * benchmark runs; without it the live threads' counts are summed, which misses threads that already ended.
 */
final class Allocation {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final MethodHandle TOTAL = totalHandle();

    private Allocation() {
    }

    /** Returns the bytes allocated so far by all threads, as well as the running JVM can tell. */
    static long totalBytes() {
        if (TOTAL != null) {
            try {
                return (long) TOTAL.invoke(THREADS);
            } catch (Throwable e) {
                throw new IllegalStateException("could not read the allocated bytes", e);
            }
        }
        long total = 0;
        for (long bytes : THREADS.getThreadAllocatedBytes(THREADS.getAllThreadIds())) {
            total += Math.max(0, bytes);
        }
        return total;
    }

    private static MethodHandle totalHandle() {
        try {
            return MethodHandles.publicLookup().findVirtual(com.sun.management.ThreadMXBean.class,
                    "getTotalThreadAllocatedBytes", MethodType.methodType(long.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null;
        }
    }
}
