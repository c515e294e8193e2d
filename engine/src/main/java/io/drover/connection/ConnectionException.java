package io.drover.connection;

/** The host could not be reached or the transport broke: the host is "UNREACHABLE" in Ansible's terms. */
public class ConnectionException extends Exception {
    public ConnectionException(String message) {
        super(message);
    }

    public ConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
