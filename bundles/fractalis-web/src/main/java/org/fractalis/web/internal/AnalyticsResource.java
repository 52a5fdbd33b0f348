package org.fractalis.web.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.fractalis.api.service.AnalyticsService;
import org.fractalis.api.service.TaskStatus;

/** {@code /analytics}: start an analysis, poll it, cancel it. */
@Path("/analytics")
@Produces(MediaType.APPLICATION_JSON)
public final class AnalyticsResource {
    private final AnalyticsService analytics;
    private final JsonBodies bodies;
    private final WaitGate waits;

    AnalyticsResource(AnalyticsService analytics, JsonBodies bodies, WaitGate waits) {
        this.analytics = analytics;
        this.bodies = bodies;
        this.waits = waits;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @SuppressWarnings("unchecked")
    public Response submit(@Context HttpServletRequest req, byte[] body) {
        Map<String, Object> json = bodies.parse(body, JsonBodies.Schema.ANALYTICS);
        String id = analytics.submit(Responses.session(req), (String) json.get("task_name"),
                (Map<String, Object>) json.get("args"));
        return Responses.json(201, Map.of("task_id", id));
    }

    @GET
    @Path("/{id: " + Responses.UUID + "}")
    public Response status(@Context HttpServletRequest req, @PathParam("id") String id,
            @QueryParam("wait") String wait) throws InterruptedException {
        String session = Responses.session(req);
        TaskStatus s = waits.call(wait, limit -> analytics.awaitTask(session, id, limit),
                () -> analytics.status(session, id));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", s.state().name());
        m.put("result", s.result());
        return Responses.json(200, m);
    }

    @DELETE
    @Path("/{id: " + Responses.UUID + "}")
    @Consumes(MediaType.WILDCARD)
    public Response cancel(@Context HttpServletRequest req, @PathParam("id") String id) {
        analytics.cancel(Responses.session(req), id);
        return Responses.empty(200);
    }
}
