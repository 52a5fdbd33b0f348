package org.fractalis.connector.transmart.internal;

import java.time.Duration;
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
import org.fractalis.http.SourceClient;
import org.fractalis.http.UrlAllowList;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The {@code transmart} handler: observations of a tranSMART v2 constraint (clinical data, or
 * high-dimensional data with a biomarker constraint), with a token from tranSMART's OAuth endpoint or an OIDC
 * server's password grant when the front end sends none.
 */
@Component(service = Connector.class, configurationPid = TransmartConnector.PID)
@ConnectorHandler(handler = "transmart")
@Designate(ocd = TransmartConnector.Config.class)
public final class TransmartConnector implements Connector {
    static final String PID = "org.fractalis.connector.transmart";

    /** The client id of Glowing Bear at tranSMART's own OAuth endpoint. */
    static final String GLOWING_BEAR_CLIENT = "glowingbear-js";

    static final String BAD_SERVICE_TYPE =
            "\"The authentication service type in authentication object has to be one of 'oidc', 'transmart'\"";

    @ObjectClassDefinition(name = "Fractalis connector 'transmart'", description = "HTTP settings for tranSMART servers")
    public @interface Config {
        @AttributeDefinition(description = "Longest time to open a connection, in seconds")
        double connect_timeout_seconds() default 10;

        @AttributeDefinition(description = "Longest time for the complete answer of an observations request, in seconds")
        double read_timeout_seconds() default 600;

        @AttributeDefinition(description = "Longest time for the complete answer of a token request, in seconds")
        double login_timeout_seconds() default 10;

        @AttributeDefinition(description = "Largest answer accepted, in megabytes")
        double max_response_megabytes() default 2048;

        @AttributeDefinition(description = "Check server certificates and host names (keep true outside tests)")
        boolean tls_verify() default true;

        @AttributeDefinition(description = "PEM file with extra trusted CA certificates (empty: none)")
        String tls_ca_file() default "";

        @AttributeDefinition(description = "URL prefixes of the tranSMART servers users may name (comma-separated; empty: any)")
        String[] allowed_servers() default {};

        @AttributeDefinition(description = "URL prefixes of the OIDC token endpoints users may name (comma-separated; empty: any)")
        String[] allowed_oidc_servers() default {};
    }

    private final Logger logger = LoggerFactory.getLogger(TransmartConnector.class);
    private final ObjectMapper mapper = new ObjectMapper();
    private volatile Settings settings;

    @Activate
    public TransmartConnector(Config config) {
        modified(config);
    }

    @Modified
    void modified(Config config) {
        settings = Settings.of(config);
        if (settings.problem != null) {
            logger.warn("Connector 'transmart' is misconfigured: {}", settings.problem);
        }
    }

    private record Settings(SourceClient client, Duration loginTimeout, UrlAllowList servers, UrlAllowList oidc,
            String problem) {
        static Settings of(Config c) {
            try {
                HttpOptions o = HttpOptions.of(PID, c.connect_timeout_seconds(), c.read_timeout_seconds(),
                        c.max_response_megabytes(), c.tls_verify(), c.tls_ca_file());
                return new Settings(SourceClient.create(o), HttpOptions.duration(c.login_timeout_seconds(), 10),
                        allowList("allowed.servers", c.allowed_servers()),
                        allowList("allowed.oidc.servers", c.allowed_oidc_servers()), null);
            } catch (HttpException e) {
                return new Settings(null, null, null, null, e.getMessage());
            } catch (IllegalArgumentException e) {
                return new Settings(null, null, null, null, e.getMessage());
            }
        }

        private static UrlAllowList allowList(String key, String[] values) {
            try {
                return UrlAllowList.parseConfig(values);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + " in etc/" + PID + ".cfg: " + e.getMessage());
            }
        }

        SourceClient usableClient() throws ConnectorException {
            if (problem != null) {
                throw new ConnectorException("The 'transmart' connector is misconfigured on this server: " + problem);
            }
            return client;
        }

        void check(UrlAllowList list, String url, String what, String key) throws ConnectorException {
            if (list.isEmpty()) {
                return;
            }
            try {
                if (list.allows(HttpCall.checkedUri(url))) {
                    return;
                }
            } catch (HttpException e) {
                throw new ConnectorException(e.getMessage());
            }
            throw new ConnectorException("The " + what + " " + Redaction.snippet(Redaction.uri(java.net.URI.create(url)), 200)
                    + " is not allowed here (" + key + " in etc/" + PID + ".cfg).");
        }
    }

    @Override
    public String login(String server, Map<String, Object> auth) throws ConnectorException {
        String user = required(auth, "user");
        String passwd = required(auth, "passwd");
        String type = required(auth, "authServiceType");
        String clientId;
        String url;
        switch (type.toLowerCase(Locale.ROOT)) {
            case "oidc" -> {
                clientId = required(auth, "oidcClientId");
                url = required(auth, "oidcServerUrl");
            }
            case "transmart" -> {
                clientId = GLOWING_BEAR_CLIENT;
                url = server + "/oauth/token";
            }
            default -> throw new ConnectorException(BAD_SERVICE_TYPE);
        }
        Settings s = settings;
        SourceClient client = s.usableClient();
        if (type.equalsIgnoreCase("oidc")) {
            s.check(s.oidc, url, "OIDC token endpoint", "allowed.oidc.servers");
        } else {
            s.check(s.servers, server, "tranSMART server", "allowed.servers");
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
            r = client.send(HttpCall.post(url).accept("application/json").form(form).timeout(s.loginTimeout));
        } catch (HttpException e) {
            throw new ConnectorException(Redaction.secrets(e.getMessage(), passwd));
        }
        if (r.status() != 200) {
            throw new ConnectorException("Could not authenticate. Reason: [" + r.status() + "]: "
                    + Redaction.secrets(r.snippet(300), passwd));
        }
        JsonNode json;
        try {
            json = mapper.readTree(r.body());
        } catch (java.io.IOException e) {
            json = null;
        }
        if (json == null || !json.isObject()) {
            throw new ConnectorException("Could not authenticate. Got unexpected response: '"
                    + Redaction.secrets(r.snippet(300), passwd) + "'");
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
        Settings s = settings;
        SourceClient client = s.usableClient();
        s.check(s.servers, request.server(), "tranSMART server", "allowed.servers");
        String token = request.token() == null ? "" : request.token();
        String body;
        try {
            body = mapper.writeValueAsString(q.body());
        } catch (JsonProcessingException e) {
            throw new ConnectorException(Phase.EXTRACT, "The constraint cannot be sent as JSON.");
        }
        HttpCall call = HttpCall.post(request.server() + "/v2/observations").accept("application/json").bearer(token)
                .json(body);
        try {
            return client.send(call, (head, in) -> {
                if (head.status() != 200) {
                    String text = Redaction.secrets(
                            Redaction.snippet(new String(in.readNBytes(4000), head.charset()), 300), token);
                    String hint = head.status() == 401 || head.status() == 403
                            ? " The tranSMART token is not valid (expired?): log in again." : "";
                    throw new ConnectorException(Phase.EXTRACT, "Target server responded with status code "
                            + head.status() + ". Message: " + text + "." + hint);
                }
                return Hypercube.read(mapper, in, q.kind(), q.label());
            });
        } catch (HttpException e) {
            throw new ConnectorException(Phase.EXTRACT, Redaction.secrets(e.getMessage(), token));
        }
    }
}
