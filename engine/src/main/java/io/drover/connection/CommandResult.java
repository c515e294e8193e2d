package io.drover.connection;

/** What a command produced: its exit status and both output streams, decoded as UTF-8. */
public record CommandResult(int exitCode, String stdout, String stderr) {
}
