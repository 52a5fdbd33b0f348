package org.fractalis.api.service;

/**
 * A request the services refuse, with the reason the web layer turns into a status code and the
 * message the client gets under {@link #errorKey()} (usually {@code error}).
 */
public class ServiceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why a request was refused. */
    public enum Reason {
        BAD_REQUEST(400), FORBIDDEN(403), NOT_FOUND(404), TOO_MANY_REQUESTS(429), UNAVAILABLE(503);

        private final int status;

        Reason(int status) {
            this.status = status;
        }

        /** The HTTP status for this reason. */
        public int status() {
            return status;
        }
    }

    private final Reason reason;
    private final String errorKey;

    public ServiceException(Reason reason, String message) {
        this(reason, message, "error");
    }

    public ServiceException(Reason reason, String message, String errorKey) {
        super(message);
        this.reason = reason;
        this.errorKey = errorKey;
    }

    public Reason reason() {
        return reason;
    }

    /** The JSON key of the message: {@code error}, or {@code error_msg} for an unknown task name. */
    public String errorKey() {
        return errorKey;
    }

    public static ServiceException badRequest(String message) {
        return new ServiceException(Reason.BAD_REQUEST, message);
    }

    public static ServiceException forbidden(String message) {
        return new ServiceException(Reason.FORBIDDEN, message);
    }

    public static ServiceException notFound(String message) {
        return new ServiceException(Reason.NOT_FOUND, message);
    }

    /** A session's quota is used up (HTTP 429); nothing was created. */
    public static ServiceException tooManyRequests(String message) {
        return new ServiceException(Reason.TOO_MANY_REQUESTS, message);
    }
}
