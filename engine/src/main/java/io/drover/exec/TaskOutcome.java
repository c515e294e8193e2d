package io.drover.exec;

import io.drover.api.Events.Status;
import java.util.Map;

/** How a task ended on one host, after changed_when/failed_when/ignore_errors were applied. */
record TaskOutcome(Status status, Map<String, Object> result, boolean ignored) {

    boolean changed() {
        return Boolean.TRUE.equals(result.get("changed"));
    }

    /** A failure that stops the host (not ignored). */
    boolean hostFailed() {
        return status == Status.FAILED && !ignored;
    }

    boolean unreachable() {
        return status == Status.UNREACHABLE && !ignored;
    }
}
