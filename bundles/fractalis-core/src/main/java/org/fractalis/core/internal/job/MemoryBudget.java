package org.fractalis.core.internal.job;

/**
 * The heap that the jobs running at once on this node may use together, as a byte-reservation semaphore: a job
 * reserves what it is estimated to need before it allocates it, waits while other jobs hold the budget, and is
 * refused at once when it would need more than the whole budget (it could never run). Estimates are coarse; the
 * point is that N huge jobs cannot start side by side and exhaust the heap together.
 */
public final class MemoryBudget {

    /** A job asks for more than the whole budget. */
    public static final class TooLargeException extends Exception {
        private static final long serialVersionUID = 1L;
        private final long requested;
        private final long total;

        TooLargeException(long requested, long total) {
            super("needs about " + mib(requested) + " MiB, the node's job memory is " + mib(total) + " MiB");
            this.requested = requested;
            this.total = total;
        }

        public long requested() {
            return requested;
        }

        public long total() {
            return total;
        }
    }

    /** Bytes held by one job; {@link #close} gives them back (idempotent). */
    public final class Reservation implements AutoCloseable {
        private long bytes;

        private Reservation(long bytes) {
            this.bytes = bytes;
        }

        public long bytes() {
            synchronized (MemoryBudget.this) {
                return bytes;
            }
        }

        /**
         * Grows this reservation to {@code total} bytes; a smaller total keeps what is held. It does not wait: the
         * memory is typically in use already (a loaded frame), and a holder that waited for other holders could
         * deadlock with them. The budget may so be exceeded for a while; new reservations wait until it is not.
         *
         * @throws TooLargeException when the total exceeds the whole budget (what is held stays held)
         */
        public void growTo(long total) throws TooLargeException {
            synchronized (MemoryBudget.this) {
                if (total <= bytes) {
                    return;
                }
                if (total > MemoryBudget.this.total) {
                    throw new TooLargeException(total, MemoryBudget.this.total);
                }
                used += total - bytes;
                bytes = total;
            }
        }

        @Override
        public void close() {
            synchronized (MemoryBudget.this) {
                used -= bytes;
                bytes = 0;
                MemoryBudget.this.notifyAll();
            }
        }
    }

    private final long total;
    private long used;

    public MemoryBudget(long totalBytes) {
        this.total = Math.max(1, totalBytes);
    }

    public long total() {
        return total;
    }

    public synchronized long used() {
        return used;
    }

    /**
     * Reserves bytes, waiting while other jobs hold too much of the budget.
     *
     * @throws TooLargeException when the request exceeds the whole budget
     * @throws InterruptedException when the job is cancelled or hits its time limit while waiting
     */
    public synchronized Reservation reserve(long bytes) throws TooLargeException, InterruptedException {
        long b = Math.max(0, bytes);
        if (b > total) {
            throw new TooLargeException(b, total);
        }
        while (used + b > total) {
            wait();
        }
        used += b;
        return new Reservation(b);
    }

    static long mib(long bytes) {
        return (bytes + (1L << 20) - 1) >> 20;
    }
}
