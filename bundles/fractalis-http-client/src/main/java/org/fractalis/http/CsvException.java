package org.fractalis.http;

/** A CSV text that breaks RFC 4180 in a way {@link CsvReader} cannot read around. */
public class CsvException extends Exception {
    private static final long serialVersionUID = 1L;

    private final long line;

    public CsvException(long line, String message) {
        super(message);
        this.line = line;
    }

    /** The 1-based line where the problem is. */
    public long line() {
        return line;
    }
}
