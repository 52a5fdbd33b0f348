package org.fractalis.connector.picsure.internal;

import java.time.Duration;
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
import org.fractalis.http.SourceClientFactory;
import org.fractalis.http.SourceClientFactory.Source;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The {@code pic-sure} handler: submits a PIC-SURE 1.x query, polls its status (bounded, with backoff) until
 * the result is available, and reads the CSV result.
 */
@Component(service = Connector.class, configurationPid = PicSureConnector.PID)
@ConnectorHandler(handler = "pic-sure")
@Designate(ocd = PicSureConnector.Config.class)
public final class PicSureConnector implements Connector {
    static final String PID = "org.fractalis.connector.picsure";

    static final String ERROR = "PIC-SURE API reported an error: ";

    @ObjectClassDefinition(name = "Fractalis connector 'pic-sure'", description = "Polling of PIC-SURE queries "
            + "(servers, timeouts and TLS: data sources in etc/org.fractalis.source-<name>.cfg)")
    public @interface Config {
        @AttributeDefinition(description = "First wait between status polls, in seconds")
        double poll_interval_seconds() default 1;

        @AttributeDefinition(description = "Longest wait between status polls (the wait grows by half each poll), in seconds")
        double poll_max_interval_seconds() default 10;

        // the polling job holds a worker thread all along: 5 minutes, raise it for slow PIC-SURE back-ends
        @AttributeDefinition(description = "Longest time a query may stay CREATED/RUNNING, in seconds")
        double poll_timeout_seconds() default 300;
    }

    // one request (submit, status, result download) holds a worker thread for at most the read timeout
    static final HttpOptions DEFAULTS = HttpOptions.DEFAULTS.withMaxResponseBytes(256L << 20);

    private final ObjectMapper mapper = new ObjectMapper();
    private final SourceClientFactory sources;
    private volatile Settings settings;

    @Activate
    public PicSureConnector(Config config, @Reference SourceClientFactory sources) {
        this.sources = sources;
        modified(config);
    }

    @Modified
    void modified(Config config) {
        settings = Settings.of(config);
    }

    private record Settings(Duration pollInterval, Duration pollMax, Duration pollTimeout) {
        static Settings of(Config c) {
            Duration first = HttpOptions.duration(c.poll_interval_seconds(), 1);
            Duration max = HttpOptions.duration(c.poll_max_interval_seconds(), 10);
            return new Settings(first, max.compareTo(first) < 0 ? first : max,
                    HttpOptions.duration(c.poll_timeout_seconds(), 300));
        }
    }

    /**
     * PIC-SURE has no login: the token comes from the front end. An empty {@code token} is accepted as in the
     * original (for servers without authentication); then no Authorization header is sent.
     */
    @Override
    public String login(String server, Map<String, Object> auth) throws ConnectorException {
        if (auth.get("token") instanceof String s) {
            return s;
        }
        throw new ConnectorException("'token': PIC-SURE needs the user's token in the authentication object "
                + "(there is no login).");
    }

    @Override
    public DataKind kind(Map<String, Object> descriptor) throws ConnectorException {
        return PicSureQuery.parse(descriptor).kind();
    }

    @Override
    public String label(Map<String, Object> descriptor) throws ConnectorException {
        return PicSureQuery.parse(descriptor).label();
    }

    @Override
    public Frame load(EtlRequest request) throws ConnectorException {
        PicSureQuery q = PicSureQuery.parse(request.descriptor());
        Settings s = settings;
        Source source;
        try {
            source = sources.source("pic-sure", request.server(), DEFAULTS);
        } catch (HttpException e) {
            throw new ConnectorException(e.getMessage());
        }
        SourceClient client = source.client();
        String token = request.token() == null ? "" : request.token();
        String base = source.url();
        try {
            String resultId = submit(client, base, token, q);
            awaitResult(client, base, token, resultId, s);
            return client.send(HttpCall.get(base + "/resultService/result/" + resultId + "/CSV").bearer(token)
                    .accept("text/csv"), (head, in) -> {
                        if (head.status() != 200) {
                            throw new ConnectorException(Phase.EXTRACT, ERROR + "[" + head.status() + "] "
                                    + Redaction.status(head.status()));
                        }
                        return ResultCsv.read(in, head.charset(), q.kind());
                    });
        } catch (HttpException e) {
            throw new ConnectorException(Phase.EXTRACT, Redaction.secrets(e.getMessage(), token));
        }
    }

    private String submit(SourceClient client, String base, String token, PicSureQuery q)
            throws HttpException, ConnectorException {
        String body;
        try {
            body = mapper.writeValueAsString(q.query());
        } catch (JsonProcessingException e) {
            throw new ConnectorException(Phase.EXTRACT, "The query cannot be sent as JSON.");
        }
        HttpResult r = client.send(HttpCall.post(base + "/queryService/runQuery").bearer(token)
                .accept("application/json").json(body));
        checkStatus(r, token);
        JsonNode id = json(r) == null ? null : json(r).get("resultId");
        if (id == null || !(id.isIntegralNumber() || id.isTextual()) || !id.asText().matches("[A-Za-z0-9._-]{1,100}")) {
            throw new ConnectorException(Phase.EXTRACT, ERROR + "runQuery answered without a usable 'resultId'.");
        }
        return id.asText();
    }

    /** Polls the status with a growing wait until AVAILABLE; fails on any other final status or after the timeout. */
    private void awaitResult(SourceClient client, String base, String token, String resultId, Settings s)
            throws HttpException, ConnectorException {
        long deadline = System.nanoTime() + s.pollTimeout.toNanos();
        long waitMs = s.pollInterval.toMillis();
        String status;
        while (true) {
            HttpResult r = client.send(HttpCall.get(base + "/resultService/resultStatus/" + resultId).bearer(token)
                    .accept("application/json"));
            checkStatus(r, token);
            JsonNode json = json(r);
            status = json != null && json.has("status") ? json.get("status").asText() : r.text().trim();
            String upper = status.toUpperCase(Locale.ROOT);
            if (upper.equals("AVAILABLE")) {
                return;
            }
            if (!upper.equals("CREATED") && !upper.equals("RUNNING")) {
                throw new ConnectorException(Phase.EXTRACT, ERROR + statusWord(status));
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new ConnectorException(Phase.EXTRACT, "PIC-SURE did not finish the query within "
                        + seconds(s.pollTimeout) + " (last status " + statusWord(status)
                        + "; poll.timeout.seconds in etc/" + PID + ".cfg).");
            }
            try {
                Thread.sleep(Math.max(1, Math.min(waitMs, left / 1_000_000 + 1)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectorException(Phase.EXTRACT, "The load was cancelled.");
            }
            waitMs = Math.min(s.pollMax.toMillis(), waitMs + Math.max(1, waitMs / 2));
        }
    }

    private static void checkStatus(HttpResult r, String token) throws ConnectorException {
        if (r.status() != 200) {
            // the status only: the body may come from a host the user must not read through this node
            throw new ConnectorException(Phase.EXTRACT, ERROR + "[" + r.status() + "] " + Redaction.status(r.status()));
        }
    }

    /** A query status as PIC-SURE names it (ERROR, …); anything else is not repeated. */
    static String statusWord(String status) {
        String s = status == null ? "" : status.trim();
        return s.matches("[A-Za-z_]{1,32}") ? s : "(an unknown status)";
    }

    private JsonNode json(HttpResult r) {
        try {
            JsonNode n = mapper.readTree(r.body());
            return n != null && n.isObject() ? n : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static String seconds(Duration d) {
        double s = d.toMillis() / 1000.0;
        return (s == Math.rint(s) ? Long.toString((long) s) : Double.toString(s)) + " s";
    }
}
