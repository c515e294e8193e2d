package io.drover.connection;

/**
 * A live link to one host. Implementations keep one transport open for the whole run and are safe to use from
 * several threads at once (the executor may run a handler and a task's loop items concurrently in future).
 *
 * <p>Commands are POSIX shell text run by {@code /bin/sh -c} on the target with a clean environment per
 * command; become and environment wrapping is done once by the engine ({@link CommandLine}), not per
 * connection.
 */
public interface Connection extends AutoCloseable {

    /** Runs a command to completion. Throws {@link ConnectionException} when the host cannot be reached. */
    CommandResult exec(Command command) throws ConnectionException;

    /** Writes {@code content} to {@code remotePath} atomically (temporary file + rename) with the given mode. */
    void put(byte[] content, String remotePath, int mode) throws ConnectionException;

    /** Reads a whole remote file. */
    byte[] get(String remotePath) throws ConnectionException;

    /** The host this connection talks to, for messages. */
    String describe();

    @Override
    void close();
}
