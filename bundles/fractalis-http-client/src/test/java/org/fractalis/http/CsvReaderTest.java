package org.fractalis.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class CsvReaderTest {

    private static List<String[]> read(String text, char delimiter) throws Exception {
        List<String[]> out = new ArrayList<>();
        try (CsvReader r = new CsvReader(new StringReader(text), delimiter)) {
            for (String[] rec; (rec = r.next()) != null;) {
                out.add(rec);
            }
        }
        return out;
    }

    @Test
    void readsQuotedFieldsWithDelimitersBreaksAndQuotes() throws Exception {
        List<String[]> rows = read("\uFEFF\"Patient Id\",\"a, \"\"b\"\"\"\r\n10021,\"two\nlines\"\r\n10022,\n\n", ',');
        assertEquals(3, rows.size());
        assertArrayEquals(new String[] {"Patient Id", "a, \"b\""}, rows.get(0));
        assertArrayEquals(new String[] {"10021", "two\nlines"}, rows.get(1));
        assertArrayEquals(new String[] {"10022", ""}, rows.get(2));
    }

    @Test
    void lineNumbersCountBreaksInsideQuotes() throws Exception {
        try (CsvReader r = new CsvReader(new StringReader("a\r\n\"x\r\ny\"\rb\n"), ',')) {
            r.next();
            assertEquals(1, r.line());
            r.next();
            assertEquals(2, r.line());
            assertArrayEquals(new String[] {"b"}, r.next());
            assertEquals(4, r.line());
            assertNull(r.next());
        }
    }

    @Test
    void tabsAndLenientInnerQuotes() throws Exception {
        List<String[]> rows = read("id\tfeature\tvalue\nP1\theight\t5'3\"\n", '\t');
        assertArrayEquals(new String[] {"P1", "height", "5'3\""}, rows.get(1));
    }

    @Test
    void malformedTextFailsWithTheLine() {
        CsvException open = assertThrows(CsvException.class, () -> read("a,b\n1,\"never closed\n", ','));
        assertEquals(2, open.line());
        assertEquals("Line 2: a quoted field is not closed.", open.getMessage());
        CsvException after = assertThrows(CsvException.class, () -> read("a,b\n\"x\"y,1\n", ','));
        assertEquals(2, after.line());
    }

    @Test
    void sniffsTheDelimiter() {
        assertEquals('\t', CsvReader.sniffDelimiter("id\tfeature,x"));
        assertEquals(';', CsvReader.sniffDelimiter("id;value"));
        assertEquals(',', CsvReader.sniffDelimiter("id,value"));
    }
}
