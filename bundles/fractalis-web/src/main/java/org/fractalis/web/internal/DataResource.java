package org.fractalis.web.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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

import org.fractalis.api.service.DataMeta;
import org.fractalis.api.service.DataService;
import org.fractalis.api.service.DataStateView;
import org.fractalis.api.service.LoadRequest;

/** {@code /data}: load variables, list them, read their meta data, delete them. */
@Path("/data")
@Produces(MediaType.APPLICATION_JSON)
public final class DataResource {
    private final DataService data;
    private final JsonBodies bodies;
    private final WaitGate waits;
    private final TokenCheck tokens;

    DataResource(DataService data, JsonBodies bodies, WaitGate waits) {
        this(data, bodies, waits, TokenCheck.NONE);
    }

    DataResource(DataService data, JsonBodies bodies, WaitGate waits, TokenCheck tokens) {
        this.data = data;
        this.bodies = bodies;
        this.waits = waits;
        this.tokens = tokens;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @SuppressWarnings("unchecked")
    public Response load(@Context HttpServletRequest req, byte[] body, @QueryParam("wait") String wait)
            throws InterruptedException {
        Map<String, Object> json = bodies.parse(body, JsonBodies.Schema.DATA);
        tokens.require(json.get("auth"));
        String session = Responses.session(req);
        data.load(session, new LoadRequest((String) json.get("handler"), (String) json.get("server"),
                (Map<String, Object>) json.get("auth"), (List<Map<String, Object>>) json.get("descriptors")));
        waits.await(wait, limit -> {
            data.awaitSession(session, limit);
            return null;
        });
        return Responses.empty(201);
    }

    @GET
    public Response list(@Context HttpServletRequest req, @QueryParam("wait") String wait)
            throws InterruptedException {
        String session = Responses.session(req);
        waits.await(wait, limit -> {
            data.awaitSession(session, limit);
            return null;
        });
        List<Map<String, Object>> states = new ArrayList<>();
        for (DataStateView v : data.list(session)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("task_id", v.taskId());
            m.put("label", v.label());
            m.put("data_type", v.dataType());
            m.put("etl_state", v.etlState().name());
            m.put("etl_message", v.etlMessage());
            states.add(m);
        }
        return Responses.json(200, Map.of("data_states", states));
    }

    @GET
    @Path("/meta/{id: " + Responses.UUID + "}")
    public Response meta(@Context HttpServletRequest req, @PathParam("id") String id, @QueryParam("wait") String wait)
            throws InterruptedException {
        String session = Responses.session(req);
        waits.await(wait, limit -> {
            data.awaitSession(session, limit);
            return null;
        });
        DataMeta meta = data.meta(session, id);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("descriptor", meta.descriptor());
        m.put("features", meta.features());
        return Responses.json(200, Map.of("meta", m));
    }

    @DELETE
    @Path("/{id: " + Responses.UUID + "}")
    @Consumes(MediaType.WILDCARD)
    public Response delete(@Context HttpServletRequest req, @PathParam("id") String id) {
        data.delete(Responses.session(req), id);
        return Responses.empty(200);
    }

    @DELETE
    @Consumes(MediaType.WILDCARD)
    public Response deleteAll(@Context HttpServletRequest req) {
        data.deleteAll(Responses.session(req));
        return Responses.empty(200);
    }
}
