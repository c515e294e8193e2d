package io.drover.api;

/**
 * Receives everything observable about a run, in order: the ansible-style printer, JSON events, metrics and
 * embedders are all listeners on this one stream; nothing prints from inside the engine.
 *
 * <p>Order: {@code playStarted} → ({@code taskStarted} → {@code hostResult}*)* per play, interleaved with
 * {@code warning}; {@code runFinished} once at the end. {@code hostResult} may be called from several threads
 * (results arrive as hosts finish), never concurrently for the same host and task; implementations that print
 * must synchronise.
 */
public interface RunListener {

    default void playStarted(Events.PlayStarted event) {
    }

    default void taskStarted(Events.TaskStarted event) {
    }

    default void hostResult(Events.HostResult event) {
    }

    /** {@code include_tasks} loaded a file for some hosts ({@code included: FILE for h1, h2}). */
    default void included(Events.Included event) {
    }

    /** A play's host pattern matched nothing. */
    default void noHostsMatched(Events.PlayStarted event) {
    }

    /** Every host of the play failed or is unreachable; the rest of the play is skipped. */
    default void noMoreHosts() {
    }

    default void warning(String message) {
    }

    default void runFinished(Events.RunFinished event) {
    }
}
