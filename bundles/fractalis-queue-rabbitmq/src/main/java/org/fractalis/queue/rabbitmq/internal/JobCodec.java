package org.fractalis.queue.rabbitmq.internal;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.fractalis.api.backend.JobMessage;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** A {@link JobMessage} as JSON on the wire (the message body). */
final class JobCodec {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private JobCodec() {
    }

    static byte[] write(JobMessage job) {
        try {
            return MAPPER.writeValueAsBytes(job);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a message body.
     *
     * @throws IOException when the body is no job message
     */
    static JobMessage read(byte[] body) throws IOException {
        JobMessage job;
        try {
            job = MAPPER.readValue(body, JobMessage.class);
        } catch (RuntimeException e) { // e.g. a record constructor refusing a null list
            throw new IOException(e.getMessage(), e);
        }
        if (job == null || job.id() == null || job.kind() == null || job.plugin() == null) {
            throw new IOException("job message without id, kind or plugin");
        }
        return job;
    }
}
