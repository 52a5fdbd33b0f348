package org.fractalis.api.backend;

/**
 * The state of the threads that run jobs on this node, for health checks and the shell.
 *
 * @param configured threads the pool should have
 * @param alive threads running now (a thread that died is replaced at once, so fewer than configured means the
 *     pool is broken)
 * @param replaced threads that died and were replaced since the node started
 */
public record WorkerPoolHealth(int configured, int alive, long replaced) {

    /** True when every configured thread is alive. */
    public boolean intact() {
        return alive >= configured;
    }
}
