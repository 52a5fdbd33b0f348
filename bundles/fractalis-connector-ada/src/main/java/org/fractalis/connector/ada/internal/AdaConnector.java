package org.fractalis.connector.ada.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The {@code ada} handler: loads one field of an ADA data set through ADA's record query endpoint, logging in
 * with user and password when the front end sends no session token.
 */
@Component(service = Connector.class, configurationPid = AdaConnector.PID)
@ConnectorHandler(handler = "ada")
@Designate(ocd = AdaConnector.Config.class)
public final class AdaConnector implements Connector {
    static final String PID = "org.fractalis.connector.ada";

    /** ADA's (Play2Auth) session cookie; its value is the token. */
    static final String SESSION_COOKIE = "PLAY2AUTH_SESS_ID";

    static final String MISSING_CREDENTIALS =
            "The authentication object must contain the non-empty fields 'user' and 'passwd'.";

    @ObjectClassDefinition(name = "Fractalis connector 'ada'", description = "HTTP settings for ADA servers")
    public @interface Config {
        @AttributeDefinition(description = "Longest time to open a connection, in seconds")
        double connect_timeout_seconds() default 10;

        @AttributeDefinition(description = "Longest time for the complete answer of a data request, in seconds")
        double read_timeout_seconds() default 120;

        @AttributeDefinition(description = "Longest time for the complete answer of a login, in seconds")
        double login_timeout_seconds() default 10;

        @AttributeDefinition(description = "Largest answer accepted, in megabytes")
        double max_response_megabytes() default 256;

        @AttributeDefinition(description = "Check server certificates and host names (keep true outside tests)")
        boolean tls_verify() default true;

        @AttributeDefinition(description = "PEM file with extra trusted CA certificates (empty: none)")
        String tls_ca_file() default "";

        @AttributeDefinition(description = "URL prefixes of the ADA servers users may name (comma-separated; empty: any)")
        String[] allowed_servers() default {};
    }

    private final Logger logger = LoggerFactory.getLogger(AdaConnector.class);
    private final ObjectMapper mapper = new ObjectMapper();
    private volatile Settings settings;

    @Activate
    public AdaConnector(Config config) {
        modified(config);
    }

    @Modified
    void modified(Config config) {
        settings = Settings.of(config);
        if (settings.problem != null) {
            logger.warn("Connector 'ada' is misconfigured: {}", settings.problem);
        }
    }

    /** What one configuration yields: a client and the limits, or the reason it is unusable. */
    private record Settings(SourceClient client, Duration loginTimeout, UrlAllowList servers, String problem) {
        static Settings of(Config c) {
            try {
                HttpOptions o = HttpOptions.of(PID, c.connect_timeout_seconds(), c.read_timeout_seconds(),
                        c.max_response_megabytes(), c.tls_verify(), c.tls_ca_file());
                Duration login = HttpOptions.duration(c.login_timeout_seconds(), 10);
                return new Settings(SourceClient.create(o), login, UrlAllowList.parseConfig(c.allowed_servers()), null);
            } catch (HttpException e) {
                return new Settings(null, null, null, e.getMessage());
            } catch (IllegalArgumentException e) {
                return new Settings(null, null, null, "allowed.servers in etc/" + PID + ".cfg: " + e.getMessage());
            }
        }

        SourceClient clientFor(String server, Phase phase) throws ConnectorException {
            if (problem != null) {
                throw new ConnectorException(phase, "The 'ada' connector is misconfigured on this server: " + problem);
            }
            if (!servers.isEmpty()) {
                try {
                    if (!servers.allows(HttpCall.checkedUri(server))) {
                        throw new ConnectorException(phase, "The ADA server " + Redaction.snippet(server, 200)
                                + " is not allowed here (allowed.servers in etc/" + PID + ".cfg).");
                    }
                } catch (HttpException e) {
                    throw new ConnectorException(phase, e.getMessage());
                }
            }
            return client;
        }
    }

    @Override
    public String login(String server, Map<String, Object> auth) throws ConnectorException {
        String user = nonEmpty(auth.get("user"));
        String passwd = nonEmpty(auth.get("passwd"));
        if (user == null || passwd == null) {
            throw new ConnectorException(MISSING_CREDENTIALS);
        }
        Settings s = settings;
        SourceClient client = s.clientFor(server, Phase.EXTRACT);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("id", user);
        form.put("password", passwd);
        HttpResult r;
        try {
            r = client.send(HttpCall.post(server + "/login").accept("application/json").form(form)
                    .timeout(s.loginTimeout));
        } catch (HttpException e) {
            throw new ConnectorException(Redaction.secrets(e.getMessage(), passwd));
        }
        Optional<String> token = r.cookie(SESSION_COOKIE).filter(v -> !v.isEmpty());
        // accept any 2xx/3xx that sets the session (the original demanded exactly 200)
        if (token.isPresent() && (r.isSuccess() || r.head().isRedirect())) {
            return token.get();
        }
        if (r.status() != 200) {
            throw new ConnectorException("Could not authenticate. Reason: [" + r.status() + "]: "
                    + Redaction.secrets(r.snippet(300), passwd, user));
        }
        throw new ConnectorException("Could not authenticate. ADA answered without a " + SESSION_COOKIE
                + " cookie (is " + Redaction.snippet(server, 200) + " an ADA server?).");
    }

    @Override
    public DataKind kind(Map<String, Object> descriptor) throws ConnectorException {
        return AdaField.parse(descriptor).kind();
    }

    @Override
    public String label(Map<String, Object> descriptor) throws ConnectorException {
        return AdaField.parse(descriptor).displayLabel();
    }

    @Override
    public Frame load(EtlRequest request) throws ConnectorException {
        AdaField field = AdaField.parse(request.descriptor());
        String token = request.token() == null ? "" : request.token();
        if (!token.chars().allMatch(ch -> ch > 0x20 && ch < 0x7f && ch != ';' && ch != ',' && ch != '"' && ch != '\\')) {
            throw new ConnectorException(Phase.EXTRACT, "The ADA session token contains characters a cookie cannot carry.");
        }
        SourceClient client = settings.clientFor(request.server(), Phase.EXTRACT);
        HttpCall call = HttpCall.get(request.server() + "/dataSets/records/findCustom")
                .accept("application/json")
                .cookie(SESSION_COOKIE, token)
                .query("dataSet", field.dataSet())
                .query("projection", "_id")
                .query("projection", field.projection())
                .query("filterOrId", filter(field.projection()));
        try {
            return client.send(call, (head, in) -> {
                int status = head.status();
                if (head.isRedirect() || status == 401 || status == 403) {
                    throw new ConnectorException(Phase.EXTRACT, "Target server responded with status code " + status
                            + ". The ADA session is not valid (expired, or a wrong token): log in to ADA again.");
                }
                if (status != 200) {
                    String body = Redaction.snippet(new String(in.readNBytes(2000), head.charset()), 200);
                    throw new ConnectorException(Phase.EXTRACT, "Target server responded with status code " + status
                            + "." + (body.isEmpty() ? "" : " Answer: " + Redaction.secrets(body, token)));
                }
                return AdaRecords.read(mapper, in, field);
            });
        } catch (HttpException e) {
            throw new ConnectorException(Phase.EXTRACT, Redaction.secrets(e.getMessage(), token));
        }
    }

    /** The original's filter (the field is not empty), built as JSON rather than by string formatting. */
    private String filter(String projection) throws ConnectorException {
        try {
            Map<String, String> condition = new LinkedHashMap<>();
            condition.put("fieldName", projection);
            condition.put("conditionType", "!=");
            condition.put("value", "");
            return mapper.writeValueAsString(List.of(condition));
        } catch (JsonProcessingException e) {
            throw new ConnectorException(Phase.EXTRACT, "Cannot build the record filter.");
        }
    }

    private static String nonEmpty(Object o) {
        return o instanceof String s && !s.isEmpty() ? s : null;
    }
}
