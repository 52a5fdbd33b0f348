package org.fractalis.web.internal;

import java.util.Map;

import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.fractalis.api.service.SavedStateView;
import org.fractalis.api.service.StateService;

/** {@code /state}: save a front-end state, restore it in another session, read it back. */
@Path("/state")
@Produces(MediaType.APPLICATION_JSON)
public final class StateResource {
    private final StateService states;
    private final JsonBodies bodies;
    private final WaitGate waits;
    private final TokenCheck tokens;

    StateResource(StateService states, JsonBodies bodies, WaitGate waits) {
        this(states, bodies, waits, TokenCheck.NONE);
    }

    StateResource(StateService states, JsonBodies bodies, WaitGate waits, TokenCheck tokens) {
        this.states = states;
        this.bodies = bodies;
        this.waits = waits;
        this.tokens = tokens;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @SuppressWarnings("unchecked")
    public Response save(@Context HttpServletRequest req, byte[] body) {
        Map<String, Object> json = bodies.parse(body, JsonBodies.Schema.STATE_SAVE);
        String id = states.save(Responses.session(req), (Map<String, Object>) json.get("state"),
                (String) json.get("handler"), (String) json.get("server"));
        return Responses.json(201, Map.of("state_id", id));
    }

    @POST
    @Path("/{id: " + Responses.UUID + "}")
    @Consumes(MediaType.WILDCARD)
    @SuppressWarnings("unchecked")
    public Response restore(@Context HttpServletRequest req, @PathParam("id") String id, byte[] body,
            @QueryParam("wait") String wait) throws InterruptedException {
        Map<String, Object> json = bodies.parse(body, JsonBodies.Schema.STATE_RESTORE);
        tokens.require(json.get("auth"));
        String session = Responses.session(req);
        states.restore(session, id, (Map<String, Object>) json.get("auth"));
        waits.await(wait, limit -> states.awaitState(session, id, limit));
        return Responses.empty(202);
    }

    @GET
    @Path("/{id: " + Responses.UUID + "}")
    public Response get(@Context HttpServletRequest req, @PathParam("id") String id, @QueryParam("wait") String wait)
            throws InterruptedException {
        String session = Responses.session(req);
        SavedStateView v = waits.call(wait, limit -> states.awaitState(session, id, limit),
                () -> states.get(session, id));
        if (!v.ready()) {
            return Responses.json(202, Map.of("message", "ETLs are still running."));
        }
        return Responses.json(200, Map.of("state", v.state()));
    }
}
