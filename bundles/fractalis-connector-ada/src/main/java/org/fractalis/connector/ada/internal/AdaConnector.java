package org.fractalis.connector.ada.internal;

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
import org.fractalis.http.SourceClientFactory;
import org.fractalis.http.SourceClientFactory.Source;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The {@code ada} handler: loads one field of an ADA data set through ADA's record query endpoint, logging in
 * with user and password when the front end sends no session token.
 */
@Component(service = Connector.class)
@ConnectorHandler(handler = "ada")
public final class AdaConnector implements Connector {
    /** ADA's (Play2Auth) session cookie; its value is the token. */
    static final String SESSION_COOKIE = "PLAY2AUTH_SESS_ID";

    static final String MISSING_CREDENTIALS =
            "The authentication object must contain the non-empty fields 'user' and 'passwd'.";

    // a slow source holds a worker thread this long: 60 s covers a large ADA field; a data source
    // (etc/org.fractalis.source-<name>.cfg) may set other values
    static final HttpOptions DEFAULTS = HttpOptions.DEFAULTS.withMaxResponseBytes(256L << 20);

    private final ObjectMapper mapper = new ObjectMapper();
    private final SourceClientFactory sources;

    @Activate
    public AdaConnector(@Reference SourceClientFactory sources) {
        this.sources = sources;
    }

    private Source source(String server) throws ConnectorException {
        try {
            return sources.source("ada", server, DEFAULTS);
        } catch (HttpException e) {
            throw new ConnectorException(Phase.EXTRACT, e.getMessage());
        }
    }

    @Override
    public String login(String server, Map<String, Object> auth) throws ConnectorException {
        String user = nonEmpty(auth.get("user"));
        String passwd = nonEmpty(auth.get("passwd"));
        if (user == null || passwd == null) {
            throw new ConnectorException(MISSING_CREDENTIALS);
        }
        Source s = source(server);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("id", user);
        form.put("password", passwd);
        HttpResult r;
        try {
            r = s.client().send(HttpCall.post(s.url() + "/login").accept("application/json").form(form)
                    .timeout(s.loginTimeout()));
        } catch (HttpException e) {
            throw new ConnectorException(Redaction.secrets(e.getMessage(), passwd));
        }
        Optional<String> token = r.cookie(SESSION_COOKIE).filter(v -> !v.isEmpty());
        // accept any 2xx/3xx that sets the session (the original demanded exactly 200)
        if (token.isPresent() && (r.isSuccess() || r.head().isRedirect())) {
            return token.get();
        }
        if (r.status() != 200) {
            // the status only: the body may come from a host the user must not read through this node
            throw new ConnectorException("Could not authenticate. Reason: [" + r.status() + "]: ADA answered "
                    + Redaction.status(r.status()) + ".");
        }
        throw new ConnectorException("Could not authenticate. ADA answered without a " + SESSION_COOKIE
                + " cookie (is " + Redaction.snippet(s.url(), 200) + " an ADA server?).");
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
        Source source = source(request.server());
        HttpCall call = HttpCall.get(source.url() + "/dataSets/records/findCustom")
                .accept("application/json")
                .cookie(SESSION_COOKIE, token)
                .query("dataSet", field.dataSet())
                .query("projection", "_id")
                .query("projection", field.projection())
                .query("filterOrId", filter(field.projection()));
        try {
            return source.client().send(call, (head, in) -> {
                int status = head.status();
                if (head.isRedirect() || status == 401 || status == 403) {
                    throw new ConnectorException(Phase.EXTRACT, "Target server responded with status code " + status
                            + ". The ADA session is not valid (expired, or a wrong token): log in to ADA again.");
                }
                if (status != 200) {
                    throw new ConnectorException(Phase.EXTRACT, "Target server responded with status code " + status
                            + ".");
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
