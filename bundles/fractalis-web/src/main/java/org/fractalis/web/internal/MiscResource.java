package org.fractalis.web.internal;

import java.util.Map;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/** {@code /misc/version}: 201 (sic, as the original) with a version fractal.js 1.4 accepts without warning. */
@Path("/misc")
@Produces(MediaType.APPLICATION_JSON)
public final class MiscResource {
    private final WebSettings settings;

    MiscResource(WebSettings settings) {
        this.settings = settings;
    }

    @GET
    @Path("/version")
    public Response version() {
        return Responses.json(201, Map.of("version", settings.version()));
    }
}
