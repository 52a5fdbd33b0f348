package org.fractalis.core.internal.data;

import java.io.UncheckedIOException;
import java.lang.ref.SoftReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongSupplier;

import org.fractalis.api.backend.BackendUnavailableException;
import org.fractalis.api.backend.JobMessage;
import org.fractalis.api.backend.JobQueue;
import org.fractalis.api.backend.StateStore;
import org.fractalis.api.connector.Connector;
import org.fractalis.api.connector.ConnectorException;
import org.fractalis.api.data.DataKind;
import org.fractalis.api.data.Frame;
import org.fractalis.api.service.ClusterDirectory;
import org.fractalis.api.service.ConnectorRegistry;
import org.fractalis.api.service.DataMeta;
import org.fractalis.api.service.DataStateView;
import org.fractalis.api.service.JobInfo;
import org.fractalis.api.service.JobState;
import org.fractalis.api.service.LoadRequest;
import org.fractalis.api.service.ServiceException;
import org.fractalis.core.internal.data.FrameCodec.CorruptDataException;
import org.fractalis.core.internal.job.Jobs;
import org.fractalis.core.internal.job.SessionQuotas;
import org.fractalis.core.internal.json.Json;
import org.fractalis.core.internal.session.SessionRecord;
import org.fractalis.core.internal.session.Sessions;

/** Data tasks: submission of ETLs, the data states of a session, deletion, and the frame cache. */
public final class DataTasks {
    private static final String DATA = "data:";
    private static final String DESCRIPTOR = "descriptor:";
    private static final String CREDENTIALS = "credentials:";

    private final StateStore store;
    private final JobQueue queue;
    private final Sessions sessions;
    private final Jobs jobs;
    private final ConnectorRegistry connectors;
    private final ClusterDirectory cluster;
    private final FrameCodec codec;
    private final CachedFrames frames;
    private final int chunkBytes;
    private final Duration dataLifetime;
    private final int maxDescriptors;
    private final LongSupplier clock;
    private final LoginGate logins;
    private final SessionQuotas quotas;
    private final long sessionMaxBytes;
    /**
     * Recently used frames, decoded: a frame never changes once stored under its id, so repeated analyses of the
     * same variable (every chart re-run) skip decoding. Soft references let the heap reclaim them.
     */
    private final Map<String, SoftReference<Frame>> decoded = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SoftReference<Frame>> eldest) {
            return size() > 16;
        }
    };

    public DataTasks(StateStore store, JobQueue queue, Sessions sessions, Jobs jobs, ConnectorRegistry connectors,
            ClusterDirectory cluster, FrameCodec codec, int chunkBytes, Duration dataLifetime, int maxDescriptors,
            LongSupplier clock, LoginGate logins, SessionQuotas quotas, long sessionMaxBytes) {
        this.logins = logins;
        this.quotas = quotas;
        this.sessionMaxBytes = sessionMaxBytes;
        this.cluster = cluster;
        this.store = store;
        this.queue = queue;
        this.sessions = sessions;
        this.jobs = jobs;
        this.connectors = connectors;
        this.codec = codec;
        this.frames = new CachedFrames(store, codec, chunkBytes);
        this.chunkBytes = chunkBytes;
        this.dataLifetime = dataLifetime;
        this.maxDescriptors = maxDescriptors;
        this.clock = clock;
    }

    /**
     * A descriptor ready to be queued; kind and label are null when the connector runs only on other nodes
     * (the worker then determines them before loading).
     */
    private record Prepared(Map<String, Object> descriptor, DataKind kind, String label, String hash) {
    }

    /**
     * Loads variables; with {@code reuse} (state restore) a same-descriptor task of the session that is
     * SUBMITTED or SUCCESS is reused instead of replaced.
     */
    public List<String> load(String sessionId, LoadRequest r, boolean reuse) {
        Optional<Connector> local = connectors.find(r.handler());
        if (local.isEmpty() && !cluster.offered(ClusterDirectory.etl(r.handler()))) {
            if (cluster.offeredRecently(ClusterDirectory.etl(r.handler()))) {
                throw new BackendUnavailableException("No worker for handler '" + r.handler() + "' is available "
                        + "right now. Please try again later.");
            }
            throw ServiceException.badRequest("No ETLHandler implementation found for: '" + r.handler() + "'");
        }
        String server = normaliseServer(r.server());
        if (r.auth() == null) {
            throw ServiceException.badRequest("'auth' must be a valid dictionary.");
        }
        if (r.descriptors().size() > maxDescriptors) {
            throw ServiceException.badRequest("Too many descriptors in one request (at most " + maxDescriptors + ").");
        }
        quotas.requireRoom(sessionId, r.descriptors().size());
        long cached = cachedBytes(sessionId, null);
        if (cached >= sessionMaxBytes) {
            throw ServiceException.tooManyRequests("This session's cached data take " + mib(cached) + " MiB, the "
                    + "most a session may keep is " + mib(sessionMaxBytes) + " MiB. Please delete some data first.");
        }
        if (local.isEmpty()) {
            // only a worker elsewhere has this connector: it authenticates and validates when the job runs
            String token = r.auth().get("token") instanceof String t ? t : "";
            List<String> ids = new ArrayList<>();
            for (Map<String, Object> d : r.descriptors()) {
                Prepared p = new Prepared(d, null, null, Json.hash(server, r.handler(), d));
                if (reuse) {
                    Optional<String> existing = findReusable(sessionId, p.hash);
                    if (existing.isPresent()) {
                        ids.add(existing.get());
                        continue;
                    }
                } else {
                    removeDuplicates(sessionId, p.hash);
                }
                ids.add(submit(sessionId, r.handler(), server, token, r.auth(), p));
            }
            return ids;
        }
        Connector c = local.get();
        String token = token(c, server, r.auth());
        List<Prepared> prepared = new ArrayList<>();
        for (Map<String, Object> d : r.descriptors()) {
            try {
                DataKind kind = c.kind(d);
                String label = c.label(d);
                if (kind == null) {
                    throw new ConnectorException("No data type for this descriptor.");
                }
                prepared.add(new Prepared(d, kind, label, Json.hash(server, r.handler(), d)));
            } catch (ConnectorException e) {
                throw ServiceException.badRequest("No ETL implementation found for handler '" + r.handler()
                        + "' and descriptor " + Json.text(d) + ": " + e.getMessage());
            } catch (RuntimeException e) {
                throw ServiceException.badRequest("Invalid descriptor " + Json.text(d) + " for handler '"
                        + r.handler() + "'.");
            }
        }
        List<String> ids = new ArrayList<>();
        for (Prepared p : prepared) {
            if (reuse) {
                Optional<String> existing = findReusable(sessionId, p.hash);
                if (existing.isPresent()) {
                    ids.add(existing.get());
                    continue;
                }
            } else {
                removeDuplicates(sessionId, p.hash);
            }
            ids.add(submit(sessionId, r.handler(), server, token, null, p));
        }
        return ids;
    }

    private static String normaliseServer(String server) {
        if (server == null || server.isBlank()) {
            throw ServiceException.badRequest(server + " is not a valid server url.");
        }
        return server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
    }

    /**
     * The token from the auth object, or from the connector's login; 400 when that fails, 503 when the source
     * does not answer the login in time (the login runs bounded, off the request thread).
     */
    private String token(Connector c, String server, Map<String, Object> auth) {
        Object t = auth.get("token");
        if (t instanceof String s && !s.isEmpty()) {
            return s;
        }
        try {
            String token = logins.login(c, server, auth);
            if (token == null) {
                throw new ConnectorException("The source returned no token.");
            }
            return token;
        } catch (ConnectorException e) {
            throw ServiceException.badRequest("Could not authenticate with API. " + e.getMessage());
        } catch (ServiceException e) {
            throw e;
        } catch (RuntimeException e) {
            throw ServiceException.badRequest("Could not authenticate with API. Unexpected error.");
        }
    }

    private String submit(String sessionId, String handler, String server, String token, Map<String, Object> auth,
            Prepared p) {
        String id = UUID.randomUUID().toString();
        DataRecord rec = new DataRecord(id, p.label == null ? provisionalLabel(p.descriptor, handler) : p.label,
                p.kind == null ? null : p.kind.wireName(), p.hash, handler, server);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("server", server);
        payload.put("descriptor", p.descriptor);
        // Credentials never travel in the job message (a broker may keep it on disk): the worker reads them from
        // the store, sealed with the cache key, and removes them when the job ends.
        Map<String, Object> credentials = new LinkedHashMap<>();
        credentials.put("token", token);
        if (p.kind == null) {
            credentials.put("auth", auth); // the worker logs in and validates: it has the connector
        }
        JobMessage m = new JobMessage(id, JobMessage.Kind.ETL, handler, sessionId, List.of(id), Json.text(payload),
                clock.getAsLong());
        store.put(DESCRIPTOR + id, Json.bytes(new DataDetails(p.descriptor, null)), dataLifetime);
        store.put(DATA + id, Json.bytes(rec), dataLifetime);
        store.put(CREDENTIALS + id, codec.seal(Json.bytes(credentials)), dataLifetime);
        jobs.create(m);
        sessions.update(sessionId, s -> s.addData(id));
        try {
            queue.submit(m);
        } catch (BackendUnavailableException e) {
            sessions.update(sessionId, s -> s.removeData(id));
            store.delete(DATA + id);
            store.delete(DESCRIPTOR + id);
            store.delete(CREDENTIALS + id);
            jobs.delete(id);
            throw e;
        }
        return id;
    }

    /**
     * The token and (for jobs validated on the worker) the auth object of an ETL job, until the job ends.
     *
     * @return empty when they are gone (the job ended, was removed, or waited longer than the data lifetime)
     */
    @SuppressWarnings("unchecked")
    public Optional<Map<String, Object>> credentials(String id) {
        Optional<byte[]> sealed = store.get(CREDENTIALS + id);
        if (sealed.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.read(codec.open(sealed.get()), Map.class));
        } catch (CorruptDataException e) {
            return Optional.empty();
        }
    }

    /** Removes an ETL job's credentials once it has ended (or will never run). */
    public void forgetCredentials(String id) {
        store.delete(CREDENTIALS + id);
    }

    private void removeDuplicates(String sessionId, String hash) {
        for (String id : sessions.get(sessionId).data()) {
            Optional<DataRecord> d = record(id);
            if (d.isPresent() && hash.equals(d.get().hash())) {
                remove(sessionId, id);
            }
        }
    }

    private Optional<String> findReusable(String sessionId, String hash) {
        for (String id : sessions.get(sessionId).data()) {
            Optional<DataRecord> d = record(id);
            if (d.isPresent() && hash.equals(d.get().hash())) {
                Optional<JobInfo> j = jobs.get(id);
                if (j.isPresent() && (j.get().state() == JobState.SUBMITTED || j.get().state() == JobState.SUCCESS)) {
                    return Optional.of(id);
                }
            }
        }
        return Optional.empty();
    }

    /** A label to show until the worker that has the connector computes the real one. */
    private static String provisionalLabel(Map<String, Object> d, String handler) {
        for (String key : List.of("label", "field", "name")) {
            if (d.get(key) instanceof String s && !s.isBlank()) {
                return s;
            }
        }
        return handler;
    }

    /** Completes a record submitted without validation (kind and label from the worker's connector). */
    public boolean describe(String id, DataKind kind, String label) {
        byte[] written = store.update(DATA + id, cur -> {
            if (cur == null) {
                return null;
            }
            return Json.bytes(Json.read(cur, DataRecord.class).described(label, kind.wireName()));
        }, dataLifetime);
        return written != null;
    }

    /**
     * The small state of a data task (no descriptor, no features, no frame: its cost does not grow with the data);
     * empty when it expired, was removed, or cannot be read (written by an incompatible version: it then behaves
     * as expired, and the user loads the variable again).
     */
    public Optional<DataRecord> record(String id) {
        Optional<byte[]> b = store.get(DATA + id);
        if (b.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.read(b.get(), DataRecord.class));
        } catch (UncheckedIOException e) {
            return Optional.empty();
        }
    }

    /** The descriptor and features of a data task, empty when gone or unreadable. */
    public Optional<DataDetails> details(String id) {
        Optional<byte[]> b = store.get(DESCRIPTOR + id);
        if (b.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.read(b.get(), DataDetails.class));
        } catch (UncheckedIOException e) {
            return Optional.empty();
        }
    }

    /** The label of a data task (what its data box shows), empty once it expired. */
    public Optional<String> label(String id) {
        return record(id).map(DataRecord::label);
    }

    public List<DataStateView> list(String sessionId) {
        SessionRecord s = sessions.get(sessionId);
        List<DataStateView> out = new ArrayList<>();
        Set<String> gone = new HashSet<>();
        for (String id : s.data()) {
            Optional<DataRecord> d = record(id);
            if (d.isEmpty()) {
                gone.add(id);
                continue;
            }
            Optional<JobInfo> j = jobs.get(id);
            JobState st = j.map(JobInfo::state).orElse(JobState.FAILURE);
            String msg = j.isPresent() ? j.get().message() : "RuntimeError: The state of this ETL has expired.";
            out.add(new DataStateView(id, d.get().label(), d.get().dataType(), st,
                    st == JobState.FAILURE ? msg : null));
        }
        if (!gone.isEmpty()) {
            sessions.update(sessionId, r -> {
                List<String> keep = new ArrayList<>(r.data());
                keep.removeAll(gone);
                return r.withData(keep);
            });
        }
        return out;
    }

    public DataMeta meta(String sessionId, String id) {
        requireOwned(sessionId, id);
        DataDetails d = record(id).flatMap(r -> details(id)).orElseThrow(() -> ServiceException.notFound(
                "Data task '" + id + "' not found. It may have expired."));
        return new DataMeta(d.descriptor(), d.features() == null ? List.of() : d.features());
    }

    public void delete(String sessionId, String id) {
        requireOwned(sessionId, id);
        remove(sessionId, id);
    }

    public void deleteAll(String sessionId) {
        for (String id : sessions.get(sessionId).data()) {
            remove(sessionId, id);
        }
    }

    private void remove(String sessionId, String id) {
        synchronized (decoded) {
            decoded.remove(id);
        }
        jobs.cancel(id);
        store.delete(DATA + id);
        store.delete(DESCRIPTOR + id);
        frames.delete(id);
        store.delete(CREDENTIALS + id);
        jobs.delete(id);
        sessions.update(sessionId, s -> s.removeData(id));
    }

    private void requireOwned(String sessionId, String id) {
        if (!sessions.get(sessionId).data().contains(id)) {
            throw ServiceException.forbidden("Data task '" + id + "' not found in session. Refusing access.");
        }
    }

    /** A loaded frame does not fit in its session's cache quota. */
    public static final class SessionQuotaException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SessionQuotaException(String message) {
            super(message);
        }
    }

    private static long mib(long bytes) {
        return (bytes + (1L << 20) - 1) >> 20;
    }

    /** Bytes of stored frames of the session, except one data task's (null: all). */
    public long cachedBytes(String sessionId, String except) {
        long sum = 0;
        for (String id : sessions.get(sessionId).data()) {
            if (id.equals(except)) {
                continue;
            }
            Optional<DataRecord> d = record(id);
            if (d.isPresent() && d.get().bytes() != null) {
                sum += d.get().bytes();
            }
        }
        return sum;
    }

    /**
     * Stores a loaded frame and completes the data record; false if the record vanished meanwhile.
     *
     * @throws SessionQuotaException when the frame would take the session beyond its cache quota (nothing stored)
     */
    public boolean storeLoaded(String sessionId, String id, Frame frame) {
        long size = frames.write(id, frame, dataLifetime); // streamed: the encoded frame is never whole in memory
        long others = cachedBytes(sessionId, id);
        if (others + size > sessionMaxBytes) {
            frames.delete(id);
            throw new SessionQuotaException("QuotaExceeded: This variable takes " + mib(size) + " MiB in "
                    + "the cache; with the session's other data (" + mib(others) + " MiB) that is more than a session "
                    + "may keep (" + mib(sessionMaxBytes) + " MiB). Delete some data and load it again.");
        }
        List<String> features = frame.features();
        byte[] detailed = store.update(DESCRIPTOR + id, cur -> cur == null ? null
                : Json.bytes(Json.read(cur, DataDetails.class).withFeatures(features)), dataLifetime);
        byte[] written = detailed == null ? null : store.update(DATA + id, cur -> cur == null ? null
                : Json.bytes(Json.read(cur, DataRecord.class).withLoaded(size)), dataLifetime);
        if (written == null) {
            frames.delete(id);
            store.delete(DESCRIPTOR + id);
            return false;
        }
        // a chart's analysis usually follows its load at once: on this node it then skips reading and decoding the
        // frame (8.5 s for a 20,531 x 11,069 matrix), and the heap reclaims it like any decoded frame
        synchronized (decoded) {
            decoded.put(id, new SoftReference<>(frame));
        }
        return true;
    }

    /**
     * Heap that storing a frame of {@code frameHeap} bytes takes besides the frame: the codec streams it, so at most
     * a chunk being filled, its sealed copy and a few 1 MiB block buffers, never a second copy of the frame.
     */
    public long cachingHeap(long frameHeap) {
        return Math.min(frameHeap, 2L * chunkBytes + (4L << 20));
    }

    /** Drops every decoded frame: the next analyses read their frames from the store, as after a restart. */
    public void forgetDecoded() {
        synchronized (decoded) {
            decoded.clear();
        }
    }

    /** The cached frame of a data task. */
    public Optional<Frame> frame(String id) throws CorruptDataException {
        Frame cached;
        synchronized (decoded) {
            SoftReference<Frame> ref = decoded.get(id);
            cached = ref == null ? null : ref.get();
        }
        if (cached != null && record(id).isPresent()) {
            return Optional.of(cached); // the record check keeps expiry and deletion on other nodes visible
        }
        Optional<Frame> read = frames.read(id);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        Frame f = read.get();
        synchronized (decoded) {
            decoded.put(id, new SoftReference<>(f));
        }
        return Optional.of(f);
    }
}
