package org.fractalis.core.internal.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.fractalis.api.backend.StateStore;
import org.fractalis.api.service.JobInfo;
import org.fractalis.api.service.JobState;
import org.fractalis.api.service.LoadRequest;
import org.fractalis.api.service.SavedStateView;
import org.fractalis.api.service.ServiceException;
import org.fractalis.core.internal.analytics.ArgumentResolver;
import org.fractalis.core.internal.data.DataDetails;
import org.fractalis.core.internal.data.DataRecord;
import org.fractalis.core.internal.data.DataTasks;
import org.fractalis.core.internal.job.Jobs;
import org.fractalis.core.internal.json.Json;
import org.fractalis.core.internal.session.SessionRecord;
import org.fractalis.core.internal.session.Sessions;

/**
 * Saved states ({@code /state}): the references of a front-end state are found by walking its JSON tree (not a
 * regex over text); restoring re-runs their descriptors in the new session and maps old ids to new ones.
 */
public final class SavedStates {
    private static final String STATE = "state:";

    private final StateStore store;
    private final Sessions sessions;
    private final DataTasks data;
    private final Jobs jobs;
    private final Duration lifetime;

    public SavedStates(StateStore store, Sessions sessions, DataTasks data, Jobs jobs, Duration lifetime) {
        this.store = store;
        this.sessions = sessions;
        this.data = data;
        this.jobs = jobs;
        this.lifetime = lifetime;
    }

    public String save(String sessionId, Map<String, Object> state, String handler, String server) {
        Set<String> ids = new LinkedHashSet<>();
        collectReferences(state, ids);
        if (ids.isEmpty()) {
            throw ServiceException.badRequest("This state cannot be saved because it contains no data task ids.");
        }
        List<SavedStateRecord.Task> tasks = new ArrayList<>();
        List<String> owned = sessions.get(sessionId).data();
        for (String id : ids) {
            DataRecord d = data.record(id).filter(r -> owned.contains(id)).orElseThrow(() -> ServiceException.badRequest(
                    "Data task id '" + id + "' could not be found in this session."));
            DataDetails details = data.details(id).orElseThrow(() -> ServiceException.badRequest(
                    "Data task id '" + id + "' could not be found in this session."));
            tasks.add(new SavedStateRecord.Task(id, d.handler(), d.server(), details.descriptor()));
        }
        String stateId = UUID.randomUUID().toString();
        store.put(STATE + stateId, Json.bytes(new SavedStateRecord(state, handler, server, tasks)), lifetime);
        return stateId;
    }

    public void restore(String sessionId, String stateId, Map<String, Object> auth) {
        SavedStateRecord s = record(stateId).orElseThrow(() -> ServiceException.notFound(
                "Could not find state associated with id " + stateId));
        Map<String, String> idMap = new LinkedHashMap<>();
        for (SavedStateRecord.Task t : s.tasks()) {
            List<String> newIds = data.load(sessionId,
                    new LoadRequest(t.handler(), t.server(), auth == null ? Map.of() : auth,
                            List.of(t.descriptor())), true);
            idMap.put(t.taskId(), newIds.get(0));
        }
        sessions.update(sessionId, r -> r.withState(stateId, idMap));
    }

    public SavedStateView get(String sessionId, String stateId) {
        SessionRecord session = sessions.get(sessionId);
        Map<String, String> idMap = session.states().get(stateId);
        Optional<SavedStateRecord> s = record(stateId);
        if (idMap == null || s.isEmpty()) {
            throw ServiceException.notFound("Cannot get state. Make sure to submit a POST request first.");
        }
        boolean running = false;
        for (String newId : idMap.values()) {
            JobState st = jobs.get(newId).map(JobInfo::state).orElse(JobState.FAILURE);
            if (st == JobState.SUBMITTED) {
                running = true;
            } else if (st != JobState.SUCCESS) {
                throw ServiceException.forbidden("One or more ETLs failed or has unknown status. Assuming no access to "
                        + "saved state.");
            }
        }
        if (running) {
            return new SavedStateView(false, null);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> replaced = (Map<String, Object>) replaceIds(s.get().state(), idMap);
        return new SavedStateView(true, replaced);
    }

    public SavedStateView await(String sessionId, String stateId, Duration timeout) throws InterruptedException {
        Map<String, String> idMap = sessions.get(sessionId).states().get(stateId);
        if (idMap != null) {
            jobs.awaitFinal(idMap.values(), timeout);
        }
        return get(sessionId, stateId);
    }

    private Optional<SavedStateRecord> record(String stateId) {
        return store.get(STATE + stateId).map(b -> Json.read(b, SavedStateRecord.class));
    }

    private static void collectReferences(Object node, Set<String> ids) {
        if (node instanceof Map<?, ?> m) {
            m.values().forEach(v -> collectReferences(v, ids));
        } else if (node instanceof List<?> l) {
            l.forEach(v -> collectReferences(v, ids));
        } else if (ArgumentResolver.isReference(node)) {
            ArgumentResolver.Reference r = ArgumentResolver.parse((String) node);
            if (r != null) {
                ids.add(r.id());
            }
        }
    }

    /** Replaces every old data id inside string values (references keep their form). */
    private static Object replaceIds(Object node, Map<String, String> idMap) {
        if (node instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), replaceIds(v, idMap)));
            return out;
        }
        if (node instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(v -> out.add(replaceIds(v, idMap)));
            return out;
        }
        if (node instanceof String s) {
            String r = s;
            for (Map.Entry<String, String> e : idMap.entrySet()) {
                r = r.replace(e.getKey(), e.getValue());
            }
            return r;
        }
        return node;
    }
}
