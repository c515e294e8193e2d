package io.drover.connection;

/**
 * A file operation ({@link Connection#put}, {@link Connection#get}) failed on a host that is still reachable: the file
 * is missing, access was denied, the disk is full. Callers report this as a task failure, not as "UNREACHABLE".
 */
public class RemoteFileException extends ConnectionException {
    public RemoteFileException(String message) {
        super(message);
    }

    public RemoteFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
