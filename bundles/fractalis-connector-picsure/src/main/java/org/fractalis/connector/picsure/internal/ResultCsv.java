package org.fractalis.connector.picsure.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;

import org.fractalis.api.connector.ConnectorException;
import org.fractalis.api.connector.ConnectorException.Phase;
import org.fractalis.api.data.DataKind;
import org.fractalis.api.data.Frame;
import org.fractalis.http.CsvException;
import org.fractalis.http.CsvReader;

/** Reads PIC-SURE's CSV result (patient id, variable) into a frame. */
final class ResultCsv {
    static final String NO_DATA = "PIC-SURE API returned no data.";

    private ResultCsv() {
    }

    static Frame read(InputStream in, Charset charset, DataKind kind) throws IOException, ConnectorException {
        try (CsvReader csv = new CsvReader(new InputStreamReader(in, charset), ',')) {
            String[] header = csv.next();
            if (header == null) {
                throw new ConnectorException(Phase.EXTRACT, NO_DATA);
            }
            if (header.length != 2) {
                throw new ConnectorException(Phase.TRANSFORM, "The PIC-SURE result must have exactly 2 columns (patient "
                        + "id and the variable), but it has " + header.length + ": " + String.join(", ", header) + ".");
            }
            String feature = header[1];
            Frame.Builder b = Frame.builder(kind);
            int rows = 0;
            for (String[] rec; (rec = csv.next()) != null;) {
                rows++;
                if (rec.length != 2) {
                    throw new ConnectorException(Phase.TRANSFORM, "Line " + csv.line() + " of the PIC-SURE result has "
                            + rec.length + " fields instead of 2.");
                }
                String id = rec[0].trim();
                if (id.isEmpty()) {
                    throw new ConnectorException(Phase.TRANSFORM, "Line " + csv.line()
                            + " of the PIC-SURE result has no patient id.");
                }
                String v = rec[1];
                if (kind == DataKind.NUMERICAL) {
                    b.add(id, feature, number(v, id, csv.line()));
                } else if (!v.isEmpty()) {
                    b.add(id, feature, v); // an empty cell is a missing value (the original made it "nan")
                }
                if ((rows & 4095) == 0 && Thread.currentThread().isInterrupted()) {
                    throw new ConnectorException(Phase.EXTRACT, "The load was cancelled.");
                }
            }
            if (rows == 0) {
                throw new ConnectorException(Phase.EXTRACT, NO_DATA + " (The result has a header but no rows.)");
            }
            return b.build();
        } catch (CsvException e) {
            throw new ConnectorException(Phase.TRANSFORM, "The PIC-SURE result is not valid CSV: " + e.getMessage());
        }
    }

    private static double number(String v, String id, long line) throws ConnectorException {
        String s = v.trim();
        if (s.isEmpty() || s.equalsIgnoreCase("nan") || s.equalsIgnoreCase("null")) {
            return Double.NaN;
        }
        try {
            double d = Double.parseDouble(s);
            if (!Double.isInfinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConnectorException(Phase.TRANSFORM, "Line " + line + " of the PIC-SURE result: '" + v
                + "' (patient " + id + ") is not a number; load the variable as categorical.");
    }
}
