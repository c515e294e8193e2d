package io.drover.it;

import java.time.Duration;
import java.util.List;

/**
 * What a finished (or timed-out) process left behind. {@link #describe()} is meant for assertion
 * messages: a failing test should show the command and everything it printed.
 */
public record ProcessResult(
        List<String> command, int exitCode, String stdout, String stderr, Duration elapsed, boolean timedOut) {

    public ProcessResult {
        command = List.copyOf(command);
    }

    /** True if the process exited by itself with status 0. */
    public boolean succeeded() {
        return !timedOut && exitCode == 0;
    }

    /** Lines of stdout, without line terminators. */
    public List<String> stdoutLines() {
        return stdout.lines().toList();
    }

    public String describe() {
        return String.join(" ", command)
                + (timedOut ? "\n  timed out after " + elapsed : "\n  exited " + exitCode + " after " + elapsed)
                + "\n--- stdout ---\n" + stdout
                + "\n--- stderr ---\n" + stderr;
    }
}
