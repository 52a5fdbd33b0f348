package org.fractalis.http;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads an answer's body as it streams in, e.g. with a streaming JSON or CSV parser. The stream is
 * already limited in size and decoded (gzip). It throws {@link IOException} when the transport fails
 * (timeout, size limit, broken connection); {@link SourceClient} turns those into {@link HttpException}s,
 * even if the reader wrapped them in its own exception type.
 *
 * @param <T> what the reader makes of the body
 * @param <E> the reader's own failure type (e.g. a parse error for the user)
 */
@FunctionalInterface
public interface BodyReader<T, E extends Exception> {
    T read(ResponseHead head, InputStream body) throws IOException, E;
}
