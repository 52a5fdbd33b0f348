package org.fractalis.core.internal.data;

/**
 * A data task's state as stored under {@code data:<id>}: small and of fixed size, because {@code GET /data} (which
 * fractal.js polls every 2 s) and the duplicate check of {@code POST /data} read it for every variable of the
 * session. The descriptor and the features, which grow with the data (a descriptor may carry inline rows, a
 * matrix has thousands of features), live apart under {@code descriptor:<id>} ({@link DataDetails}), the frame
 * under {@code frame:<id>}.
 *
 * @param bytes size of the stored frame (what counts against the session's cache quota); null before it is loaded
 */
public record DataRecord(String taskId, String label, String dataType, String hash, String handler, String server,
        Long bytes) {

    public DataRecord(String taskId, String label, String dataType, String hash, String handler, String server) {
        this(taskId, label, dataType, hash, handler, server, null);
    }

    public DataRecord withLoaded(long size) {
        return new DataRecord(taskId, label, dataType, hash, handler, server, size);
    }

    public DataRecord described(String newLabel, String newDataType) {
        return new DataRecord(taskId, newLabel, newDataType, hash, handler, server, bytes);
    }
}
