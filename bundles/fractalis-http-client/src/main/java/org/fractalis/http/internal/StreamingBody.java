package org.fractalis.http.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An answer body as a blocking stream that honours a deadline, a size limit and interrupts.
 *
 * <p>Exists because the JDK's {@code BodyHandlers.ofInputStream()} blocks without a deadline and swallows
 * interrupts while waiting for data (a cancelled job would hang until the server sent more). Here every
 * wait is bounded by the call's deadline; an interrupt cancels the exchange and throws
 * {@link InterruptedIOException} with the interrupt flag set again. The flags tell the client why reading
 * stopped, even if a reader wrapped the exception. Demand is one buffer list at a time, so at most one
 * list is queued.
 */
public final class StreamingBody extends InputStream implements HttpResponse.BodySubscriber<InputStream> {
    private static final List<ByteBuffer> END = List.of();

    private final long deadlineNanos;
    private final long maxBytes;
    private final LinkedBlockingQueue<List<ByteBuffer>> queue = new LinkedBlockingQueue<>();
    private final CompletableFuture<Flow.Subscription> subscription = new CompletableFuture<>();
    private volatile Throwable error;
    private volatile boolean expired;
    private volatile boolean tooLarge;
    private volatile boolean closed;
    private Iterator<ByteBuffer> current;
    private ByteBuffer buffer;
    private boolean ended;
    private long count;

    /**
     * @param deadlineNanos {@link System#nanoTime()} by which the body must be read
     * @param maxBytes largest body accepted
     */
    public StreamingBody(long deadlineNanos, long maxBytes) {
        this.deadlineNanos = deadlineNanos;
        this.maxBytes = maxBytes;
    }

    // ---- subscriber side (HttpClient threads)

    @Override
    public CompletionStage<InputStream> getBody() {
        return CompletableFuture.completedStage(this);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        if (!subscription.complete(s) || closed) {
            s.cancel();
            return;
        }
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        queue.offer(item);
    }

    @Override
    public void onError(Throwable t) {
        error = t;
        queue.offer(END);
    }

    @Override
    public void onComplete() {
        queue.offer(END);
    }

    // ---- reader side (the calling thread)

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!ensureData()) {
            return -1;
        }
        int n = Math.min(len, buffer.remaining());
        buffer.get(b, off, n);
        count += n;
        if (count > maxBytes) {
            tooLarge = true;
            cancel();
            throw new IOException("answer larger than " + maxBytes + " bytes");
        }
        return n;
    }

    @Override
    public int available() {
        return buffer == null ? 0 : buffer.remaining();
    }

    private boolean ensureData() throws IOException {
        while (buffer == null || !buffer.hasRemaining()) {
            if (closed) {
                throw new IOException("closed");
            }
            if (current != null && current.hasNext()) {
                buffer = current.next();
                continue;
            }
            if (ended) {
                return false;
            }
            if (current != null) {
                subscription.getNow(null).request(1);
                current = null;
            }
            List<ByteBuffer> next;
            try {
                long wait = deadlineNanos - System.nanoTime();
                next = wait <= 0 ? queue.poll() : queue.poll(wait, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                cancel();
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading the answer");
            }
            if (next == null) {
                expired = true;
                cancel();
                throw new IOException("deadline passed while reading the answer");
            }
            if (next == END) {
                ended = true;
                if (error != null) {
                    throw error instanceof IOException io ? io : new IOException(error);
                }
                return false;
            }
            current = next.iterator();
        }
        return true;
    }

    /** Decoded bodies (gzip) count against the same limit. */
    public InputStream limitDecoded(InputStream decoded) {
        return new FilterInputStream(decoded) {
            private long decodedCount;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    decodedCount += n;
                    if (decodedCount > maxBytes) {
                        tooLarge = true;
                        cancel();
                        throw new IOException("decoded answer larger than " + maxBytes + " bytes");
                    }
                }
                return n;
            }
        };
    }

    public boolean expired() {
        return expired;
    }

    public boolean tooLarge() {
        return tooLarge;
    }

    /** The transport error the client reported, if any. */
    public Throwable error() {
        return error;
    }

    /** Whether reading stopped for a transport reason (deadline, size, broken connection). */
    public boolean failed() {
        return expired || tooLarge || error != null;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            cancel();
        }
    }

    private void cancel() {
        Flow.Subscription s = subscription.getNow(null);
        if (s != null && !ended) {
            s.cancel();
        }
    }
}
