package org.fractalis.web.internal;

import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;

import org.fractalis.api.backend.BackendUnavailableException;
import org.fractalis.api.service.ServiceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every exception into {@code {"error": …}} with the right status: refusals keep theirs, an unreachable
 * store or queue is 503, anything unexpected is 500 without details (logged with its stack trace).
 */
public final class ErrorMapper implements ExceptionMapper<Throwable> {
    private final Logger logger = LoggerFactory.getLogger(ErrorMapper.class);

    @Override
    public Response toResponse(Throwable e) {
        if (e instanceof ServiceException s) {
            logger.debug("Refused: {}", s.getMessage());
            return body(s.reason().status(), s.errorKey(), s.getMessage());
        }
        if (e instanceof BackendUnavailableException b) {
            logger.debug("Backend unavailable: {}", b.getMessage());
            return body(503, "error", b.getMessage());
        }
        if (e instanceof WebApplicationException w) {
            int status = w.getResponse().getStatus();
            String message = switch (status) {
                case 404 -> "Not found.";
                case 405 -> "Method not allowed.";
                case 406 -> "Not acceptable.";
                case 415 -> "Unsupported media type.";
                default -> status < 500 ? "Bad request." : "Server error.";
            };
            return body(status, "error", message);
        }
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return body(503, "error", "The server is shutting down.");
        }
        logger.error("Unexpected error in the REST API", e);
        return body(500, "error", "Internal server error.");
    }

    private static Response body(int status, String key, String message) {
        Response.ResponseBuilder r = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(JsonBodies.errorBody(key, message));
        if (status == 429 || status == 503) {
            r.header("Retry-After", "5"); // a quota or a busy node: worth trying again soon
        }
        return r.build();
    }
}
