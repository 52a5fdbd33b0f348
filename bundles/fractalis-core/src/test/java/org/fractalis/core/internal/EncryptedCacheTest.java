package org.fractalis.core.internal;

import static org.fractalis.core.internal.CoreHarness.ref;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.fractalis.api.data.DataKind;
import org.fractalis.api.service.JobState;
import org.fractalis.api.service.TaskStatus;
import org.fractalis.core.internal.config.Settings;
import org.fractalis.core.internal.data.FrameCodec;
import org.fractalis.core.internal.queue.EmbeddedJobQueue;
import org.fractalis.core.internal.store.MemoryStateStore;
import org.junit.jupiter.api.Test;

class EncryptedCacheTest {

    @Test
    void withEncryptionTheCachedFramesAreEncryptedAndAnalysesWork() throws Exception {
        Settings s = Settings.from(Map.of("encrypt.cache", "true", "secret", "s3cret"));
        try (CoreHarness n = new CoreHarness(s).startWorker()) {
            n.tasks.put("compute-sum", args -> {
                var f = args.frame("x");
                double sum = 0;
                for (int i = 0; i < f.size(); i++) {
                    sum += f.number(i);
                }
                return Map.of("sum", sum);
            });
            String session = n.newSession();
            String id = n.loaded(session, DataKind.NUMERICAL, "age");
            byte[] stored = n.store.get("frame:" + id).orElseThrow();
            assertEquals(1, stored[4], "flags byte says encrypted");
            assertThrows(FrameCodec.CorruptDataException.class, () -> new FrameCodec().manifest(stored));
            TaskStatus st = n.run(session, "compute-sum", Map.of("x", ref(id)));
            assertEquals(JobState.SUCCESS, st.state(), st.toString());
            assertEquals("{\"sum\":100.0}", st.result());
        }
    }

    @Test
    void encryptionWithoutASecretRefusesToStart() {
        MemoryStateStore store = new MemoryStateStore(1 << 20, System::currentTimeMillis);
        EmbeddedJobQueue queue = new EmbeddedJobQueue(1, 10);
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> new CoreServices(store, queue,
                    new CoreHarness.FakeConnectors(), new CoreHarness.FakeTasks(), new CoreHarness.FakeCluster(),
                    Settings.from(Map.of("encrypt.cache", "true"))));
            assertTrue(e.getMessage().contains("FRACTALIS_SECRET"), e.getMessage());
        } finally {
            queue.close();
        }
    }
}
