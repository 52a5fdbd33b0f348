package org.fractalis.connector.transmart.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.fractalis.api.connector.Connector;
import org.fractalis.api.connector.ConnectorException;
import org.fractalis.api.connector.ConnectorException.Phase;
import org.fractalis.api.connector.ConnectorHandler;
import org.fractalis.api.connector.EtlRequest;
import org.fractalis.api.data.DataKind;
import org.fractalis.api.data.Frame;
import org.fractalis.http.HttpCall;
import org.fractalis.http.HttpException;
import org.fractalis.http.HttpOptions;
import org.fractalis.http.HttpResult;
import org.fractalis.http.Redaction;
import org.fractalis.http.SourceClientFactory;
import org.fractalis.http.SourceClientFactory.Source;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The {@code transmart} handler: observations of a tranSMART v2 constraint (clinical data, or
 * high-dimensional data with a biomarker constraint), with a token from tranSMART's OAuth endpoint or an OIDC
 * server's password grant when the front end sends none.
 */
@Component(service = Connector.class)
@ConnectorHandler(handler = "transmart")
public final class TransmartConnector implements Connector {
    /** The client id of Glowing Bear at tranSMART's own OAuth endpoint. */
    static final String GLOWING_BEAR_CLIENT = "glowingbear-js";

    static final String BAD_SERVICE_TYPE =
            "\"The authentication service type in authentication object has to be one of 'oidc', 'transmart'\"";

    // a slow source holds a worker thread this long: 60 s covers a typical observations query; high-dimensional
    // answers are large. A data source (etc/org.fractalis.source-<name>.cfg) may set other values.
    static final HttpOptions DEFAULTS = HttpOptions.DEFAULTS.withMaxResponseBytes(2048L << 20);

    private final ObjectMapper mapper = new ObjectMapper();
    private final SourceClientFactory sources;

    /** tranSMART servers and the OIDC token endpoints users name are both sources of the 'transmart' handler. */
    @Activate
    public TransmartConnector(@Reference SourceClientFactory sources) {
        this.sources = sources;
    }

    private Source source(String server, Phase phase) throws ConnectorException {
        try {
            return sources.source("transmart", server, DEFAULTS);
        } catch (HttpException e) {
            throw new ConnectorException(phase, e.getMessage());
        }
    }

    @Override
    public String login(String server, Map<String, Object> auth) throws ConnectorException {
        String user = required(auth, "user");
        String passwd = required(auth, "passwd");
        String type = required(auth, "authServiceType");
        String clientId;
        Source s;
        String url;
        switch (type.toLowerCase(Locale.ROOT)) {
            case "oidc" -> {
                clientId = required(auth, "oidcClientId");
                s = source(required(auth, "oidcServerUrl"), Phase.EXTRACT);
                url = s.url();
            }
            case "transmart" -> {
                clientId = GLOWING_BEAR_CLIENT;
                s = source(server, Phase.EXTRACT);
                url = s.url() + "/oauth/token";
            }
            default -> throw new ConnectorException(BAD_SERVICE_TYPE);
        }
        // a form body, not the original's URL query: real OIDC servers need it, and passwords stay out of logs
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", clientId);
        form.put("client_secret", "");
        form.put("username", user);
        form.put("password", passwd);
        HttpResult r;
        try {
            r = s.client().send(HttpCall.post(url).accept("application/json").form(form).timeout(s.loginTimeout()));
        } catch (HttpException e) {
            throw new ConnectorException(Redaction.secrets(e.getMessage(), passwd));
        }
        if (r.status() != 200) {
            // the status only: the body may come from a host the user must not read through this node
            throw new ConnectorException("Could not authenticate. Reason: [" + r.status() + "]: the token endpoint "
                    + "answered " + Redaction.status(r.status()) + ".");
        }
        JsonNode json;
        try {
            json = mapper.readTree(r.body());
        } catch (java.io.IOException e) {
            json = null;
        }
        if (json == null || !json.isObject()) {
            throw new ConnectorException("Could not authenticate. Got unexpected response: the token endpoint's "
                    + "answer is not a JSON object.");
        }
        JsonNode token = json.get("access_token");
        if (token == null || !token.isTextual() || token.textValue().isEmpty()) {
            throw new ConnectorException("'access_token' is missing in the answer of the token endpoint.");
        }
        return token.textValue();
    }

    private static String required(Map<String, Object> auth, String key) throws ConnectorException {
        Object v = auth.get(key);
        if (v instanceof String s && !s.isEmpty()) {
            return s;
        }
        // the original's KeyError text, quotes included
        throw new ConnectorException("'The authentication object must contain the non-empty field: \"" + key + "\"'");
    }

    @Override
    public DataKind kind(Map<String, Object> descriptor) throws ConnectorException {
        return TransmartQuery.parse(descriptor).kind();
    }

    @Override
    public String label(Map<String, Object> descriptor) throws ConnectorException {
        return TransmartQuery.parse(descriptor).label();
    }

    @Override
    public Frame load(EtlRequest request) throws ConnectorException {
        TransmartQuery q = TransmartQuery.parse(request.descriptor());
        Source source = source(request.server(), Phase.EXTRACT);
        String token = request.token() == null ? "" : request.token();
        String body;
        try {
            body = mapper.writeValueAsString(q.body());
        } catch (JsonProcessingException e) {
            throw new ConnectorException(Phase.EXTRACT, "The constraint cannot be sent as JSON.");
        }
        HttpCall call = HttpCall.post(source.url() + "/v2/observations").accept("application/json").bearer(token)
                .json(body);
        try {
            return source.client().send(call, (head, in) -> {
                if (head.status() != 200) {
                    String hint = head.status() == 401 || head.status() == 403
                            ? " The tranSMART token is not valid (expired?): log in again." : "";
                    throw new ConnectorException(Phase.EXTRACT, "Target server responded with status code "
                            + head.status() + "." + hint);
                }
                return Hypercube.read(mapper, in, q.kind(), q.label());
            });
        } catch (HttpException e) {
            throw new ConnectorException(Phase.EXTRACT, Redaction.secrets(e.getMessage(), token));
        }
    }
}
