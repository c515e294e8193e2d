package io.drover.exec;

import io.drover.api.Events.HostStats;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** Recap counters per host, updated from host threads. */
final class Stats {
    private final Map<String, int[]> counts = new ConcurrentHashMap<>();

    private static final int OK = 0, CHANGED = 1, UNREACHABLE = 2, FAILED = 3, SKIPPED = 4, RESCUED = 5, IGNORED = 6;

    private int[] of(String host) {
        return counts.computeIfAbsent(host, h -> new int[7]);
    }


    synchronized void record(String host, TaskOutcome o) {
        int[] c = of(host);
        switch (o.status()) {
            case SKIPPED -> c[SKIPPED]++;
            case UNREACHABLE -> {
                if (o.ignored()) {
                    c[OK]++;
                    c[IGNORED]++;
                } else {
                    c[UNREACHABLE]++;
                }
            }
            case FAILED -> {
                if (o.ignored()) {
                    c[OK]++;
                    c[IGNORED]++;
                    if (o.changed()) {
                        c[CHANGED]++;
                    }
                } else {
                    c[FAILED]++;
                }
            }
            case CHANGED -> {
                c[OK]++;
                c[CHANGED]++;
            }
            case OK -> c[OK]++;
        }
    }

    /** A failure inside a block was rescued: it no longer counts as failed. */
    synchronized void rescued(String host) {
        int[] c = of(host);
        if (c[FAILED] > 0) {
            c[FAILED]--;
        }
        c[RESCUED]++;
    }

    boolean anyUnreachable() {
        return counts.values().stream().anyMatch(c -> c[UNREACHABLE] > 0);
    }

    boolean anyFailed() {
        return counts.values().stream().anyMatch(c -> c[FAILED] > 0);
    }

    Map<String, HostStats> snapshot() {
        Map<String, HostStats> out = new TreeMap<>();
        counts.forEach((h, c) -> out.put(h, new HostStats(c[OK], c[CHANGED], c[UNREACHABLE], c[FAILED], c[SKIPPED],
                c[RESCUED], c[IGNORED])));
        return out;
    }
}
