package org.fractalis.http;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * A streaming RFC 4180 reader: records separated by CRLF, LF or CR; fields by one delimiter character
 * (comma, tab, ...); fields may be quoted with {@code "}, and then hold delimiters, line breaks and
 * doubled quotes. A leading byte-order mark is dropped, and empty lines are skipped.
 *
 * <p>Written here instead of using Apache Commons CSV because the job is small, and a library would add a
 * bundle to every connector feature. The reader also guards the heap: a field longer than
 * {@link #MAX_FIELD_CHARS} or a record with more than {@link #MAX_FIELDS} fields fails with a clear error
 * instead of growing without bound.
 *
 * <p>Lenient where data files commonly are: a quote inside an unquoted field is kept as a character
 * ({@code 5'3"}). Strict where guessing would corrupt data: text after a closing quote, and an unterminated
 * quoted field, are errors. Not thread-safe.
 */
public final class CsvReader implements Closeable {
    /** Longest field accepted, in characters. */
    public static final int MAX_FIELD_CHARS = 1 << 20;
    /** Most fields accepted in one record. */
    public static final int MAX_FIELDS = 1 << 20;

    private final Reader in;
    private final char delimiter;
    private final char[] buf = new char[16384];
    private int pos;
    private int len;
    private boolean eof;
    private long line = 1;
    private long recordLine;
    private boolean started;
    private final StringBuilder field = new StringBuilder();

    public CsvReader(Reader in, char delimiter) {
        if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
            throw new IllegalArgumentException("invalid delimiter");
        }
        this.in = in;
        this.delimiter = delimiter;
    }

    /**
     * The delimiter that a header line most likely uses: tab if it has a tab, else semicolon if it has one
     * and no comma, else comma.
     */
    public static char sniffDelimiter(String headerLine) {
        if (headerLine.indexOf('\t') >= 0) {
            return '\t';
        }
        if (headerLine.indexOf(';') >= 0 && headerLine.indexOf(',') < 0) {
            return ';';
        }
        return ',';
    }

    /** The 1-based line on which the last record returned by {@link #next()} started. */
    public long line() {
        return recordLine;
    }

    /**
     * The next record, or null at the end of the text.
     *
     * @throws IOException if reading fails
     * @throws CsvException if the text is malformed (the message names the line)
     */
    public String[] next() throws IOException, CsvException {
        if (!started) {
            started = true;
            if (fill() && buf[pos] == '\uFEFF') {
                pos++;
            }
        }
        // skip empty lines
        while (true) {
            if (!fill()) {
                return null;
            }
            char c = buf[pos];
            if (c == '\n') {
                pos++;
                line++;
            } else if (c == '\r') {
                pos++;
                if (fill() && buf[pos] == '\n') {
                    pos++;
                }
                line++;
            } else {
                break;
            }
        }
        recordLine = line;
        List<String> fields = new ArrayList<>();
        while (true) {
            boolean endOfRecord = readField();
            if (fields.size() >= MAX_FIELDS) {
                throw new CsvException(recordLine, "Line " + recordLine + " has more than " + MAX_FIELDS + " fields.");
            }
            fields.add(field.toString());
            if (endOfRecord) {
                return fields.toArray(String[]::new);
            }
        }
    }

    /** Reads one field into {@link #field}; returns whether it ended the record. */
    private boolean readField() throws IOException, CsvException {
        field.setLength(0);
        if (fill() && buf[pos] == '"') {
            pos++;
            long quoteLine = line;
            while (true) {
                if (!fill()) {
                    throw new CsvException(quoteLine, "Line " + quoteLine + ": a quoted field is not closed.");
                }
                char c = buf[pos++];
                if (c == '"') {
                    if (fill() && buf[pos] == '"') {
                        pos++;
                        append('"');
                        continue;
                    }
                    return afterField(true);
                }
                if (c == '\n' || c == '\r' && !(fill() && buf[pos] == '\n')) {
                    line++; // the LF of a CRLF counts the line
                }
                append(c);
            }
        }
        while (true) {
            if (!fill()) {
                return true;
            }
            // fast path: copy the run up to the next delimiter or line break at once
            int start = pos;
            int end = len;
            char d = delimiter;
            while (pos < end) {
                char c = buf[pos];
                if (c == d || c == '\n' || c == '\r') {
                    break;
                }
                pos++;
            }
            if (field.length() + (pos - start) > MAX_FIELD_CHARS) {
                throw new CsvException(recordLine, "Line " + recordLine + " has a field longer than " + MAX_FIELD_CHARS
                        + " characters.");
            }
            field.append(buf, start, pos - start);
            if (pos < end) {
                return afterField(false);
            }
        }
    }

    /** At the end of a field: consumes the delimiter or line break; returns whether the record ended. */
    private boolean afterField(boolean quoted) throws IOException, CsvException {
        if (!fill()) {
            return true;
        }
        char c = buf[pos];
        if (c == delimiter) {
            pos++;
            return false;
        }
        if (c == '\n') {
            pos++;
            line++;
            return true;
        }
        if (c == '\r') {
            pos++;
            if (fill() && buf[pos] == '\n') {
                pos++;
            }
            line++;
            return true;
        }
        if (quoted) {
            throw new CsvException(line, "Line " + line + ": unexpected character '" + c
                    + "' after a closing quote (a quote inside a quoted field must be doubled).");
        }
        return false;
    }

    private void append(char c) throws CsvException {
        if (field.length() >= MAX_FIELD_CHARS) {
            throw new CsvException(recordLine, "Line " + recordLine + " has a field longer than " + MAX_FIELD_CHARS
                    + " characters.");
        }
        field.append(c);
    }

    /** Makes sure {@code buf[pos]} is readable; false at the end of the text. */
    private boolean fill() throws IOException {
        if (pos < len) {
            return true;
        }
        if (eof) {
            return false;
        }
        int n;
        do {
            n = in.read(buf, 0, buf.length);
        } while (n == 0);
        if (n < 0) {
            eof = true;
            return false;
        }
        pos = 0;
        len = n;
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
