package io.drover.connection;

import java.util.Set;

/**
 * Opens connections of one type. Found through {@link java.util.ServiceLoader}, so a jar on the classpath can add
 * a connection type. One factory instance is used for a whole run; it may pool shared resources (an SSH client
 * configuration, a thread pool) and releases them on {@link #close()}.
 */
public interface ConnectionFactory extends AutoCloseable {

    /** The {@code ansible_connection} values this factory serves, e.g. {@code ssh}, {@code smart}. */
    Set<String> types();

    /** Opens a connection; throws {@link ConnectionException} if the host is unreachable or authentication fails. */
    Connection open(ConnectionSpec spec) throws ConnectionException;

    @Override
    default void close() {
    }
}
