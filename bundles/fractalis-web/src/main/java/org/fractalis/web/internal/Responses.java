package org.fractalis.web.internal;

import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/** Small helpers shared by the resources. */
final class Responses {
    /** A UUID4 in canonical lower-case form: path ids that are not get 404 from Jersey's matching. */
    static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    private Responses() {
    }

    static String session(HttpServletRequest req) {
        return (String) req.getAttribute(FractalisServlet.SESSION_ATTRIBUTE);
    }

    static Response json(int status, Object body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(JsonBodies.write(body)).build();
    }

    /** The Python convention for "nothing": a JSON empty string. */
    static Response empty(int status) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity("\"\"").build();
    }
}
