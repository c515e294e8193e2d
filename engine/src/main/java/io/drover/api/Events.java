package io.drover.api;

import java.util.List;
import java.util.Map;

/** The typed events a {@link RunListener} receives. All are immutable. */
public final class Events {

    private Events() {
    }

    /** A play (or one serial batch of it) begins. {@code name} is rendered. */
    public record PlayStarted(String name, List<String> hosts) {
        public PlayStarted {
            hosts = List.copyOf(hosts);
        }
    }

    /**
     * A task begins on the play's active hosts.
     *
     * @param name    the rendered banner name (action name when the task has none)
     * @param handler true for {@code RUNNING HANDLER}
     * @param location file:line of the task, for -vv output
     */
    public record TaskStarted(String name, boolean handler, String location) {
    }

    /** Hosts for which {@code include_tasks} loaded {@code file}; {@code itemLabel} for looped includes, else null. */
    public record Included(String file, List<String> hosts, String itemLabel) {
        public Included {
            hosts = List.copyOf(hosts);
        }
    }

    /** How a host's task ended, as the recap counts it. */
    public enum Status { OK, CHANGED, FAILED, SKIPPED, UNREACHABLE }

    /**
     * The result of a task (or of one loop item) on one host.
     *
     * @param host      inventory name
     * @param task      banner name
     * @param action    the module's short name (debug, command, ...)
     * @param status    outcome
     * @param result    the module result as Ansible shows it (keys as the Ansible module returns)
     * @param itemLabel the loop item label for per-item results, null for the task's overall result
     * @param ignored   a failure ignored by {@code ignore_errors} (printed with "...ignoring")
     * @param verbose   always print the result JSON (debug), not only with -v
     * @param loopSummary true for the overall result of a loop task (printed only when all items were skipped)
     * @param delegatedTo host the action ran on when delegated, else null
     */
    public record HostResult(String host, String task, String action, Status status, Map<String, Object> result, String itemLabel,
                             boolean ignored, boolean verbose, boolean loopSummary, String delegatedTo) {
    }

    /** Per-host counters as the PLAY RECAP prints them. */
    public record HostStats(int ok, int changed, int unreachable, int failed, int skipped, int rescued, int ignored) {
    }

    /** The run ended; {@code stats} maps host names to counters (sorted by host name). */
    public record RunFinished(Map<String, HostStats> stats, int exitCode) {
    }
}
