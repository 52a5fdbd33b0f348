package org.fractalis.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import javax.ws.rs.NotAllowedException;
import javax.ws.rs.NotFoundException;
import javax.ws.rs.core.Response;

import org.fractalis.api.backend.BackendUnavailableException;
import org.fractalis.api.service.ServiceException;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class ErrorMapperTest {
    private final ErrorMapper mapper = new ErrorMapper();

    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(Response r) throws Exception {
        return new ObjectMapper().readValue((String) r.getEntity(), Map.class);
    }

    @Test
    void refusalsKeepTheirStatusAndKey() throws Exception {
        Response r = mapper.toResponse(ServiceException.forbidden("Task ID 'x' not found in session. Refusing access."));
        assertEquals(403, r.getStatus());
        assertEquals(Map.of("error", "Task ID 'x' not found in session. Refusing access."), body(r));
        Response unknown = mapper.toResponse(new ServiceException(ServiceException.Reason.BAD_REQUEST,
                "Task with name 'x' not found.", "error_msg"));
        assertEquals(400, unknown.getStatus());
        assertEquals(Map.of("error_msg", "Task with name 'x' not found."), body(unknown));
        assertEquals("application/json", unknown.getMediaType().toString());
    }

    @Test
    void anUnavailableBackendIs503() throws Exception {
        Response r = mapper.toResponse(new BackendUnavailableException("The job queue is full. Try again later."));
        assertEquals(503, r.getStatus());
        assertEquals("The job queue is full. Try again later.", body(r).get("error"));
    }

    @Test
    void jaxRsErrorsGetShortMessages() throws Exception {
        Response nf = mapper.toResponse(new NotFoundException());
        assertEquals(404, nf.getStatus());
        assertEquals("Not found.", body(nf).get("error"));
        Response na = mapper.toResponse(new NotAllowedException("GET"));
        assertEquals(405, na.getStatus());
        assertEquals("Method not allowed.", body(na).get("error"));
    }

    @Test
    void anythingElseIs500WithoutDetails() throws Exception {
        Response r = mapper.toResponse(new IllegalStateException("password=hunter2 at line 3"));
        assertEquals(500, r.getStatus());
        String text = (String) r.getEntity();
        assertEquals("Internal server error.", body(r).get("error"));
        assertFalse(text.contains("hunter2"));
        assertFalse(text.contains("IllegalStateException"));
    }

    @Test
    void anInterruptIs503AndKeepsTheFlag() throws Exception {
        try {
            Response r = mapper.toResponse(new InterruptedException());
            assertEquals(503, r.getStatus());
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }
}
