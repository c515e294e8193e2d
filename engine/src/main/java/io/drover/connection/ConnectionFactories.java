package io.drover.connection;

import io.drover.error.DroverException;
import io.drover.error.SourceLocation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * All connection types of a run, by {@code ansible_connection} name. Built from the {@link ConnectionFactory}
 * services on the class path, so a jar can add a type; owns the factories and closes them with itself.
 */
public final class ConnectionFactories implements AutoCloseable {

    private final List<ConnectionFactory> factories;
    private final Map<String, ConnectionFactory> byType;

    /** Uses exactly these factories; when two serve the same type, the first wins. */
    public ConnectionFactories(List<ConnectionFactory> factories) {
        this.factories = List.copyOf(factories);
        Map<String, ConnectionFactory> map = new LinkedHashMap<>();
        for (ConnectionFactory f : this.factories) {
            for (String type : f.types()) {
                map.putIfAbsent(type, f);
            }
        }
        this.byType = Collections.unmodifiableMap(map);
    }

    /** Loads every {@link ConnectionFactory} service visible to {@code loader}. */
    public static ConnectionFactories load(ClassLoader loader) {
        List<ConnectionFactory> found = new ArrayList<>();
        ServiceLoader.load(ConnectionFactory.class, loader).forEach(found::add);
        return new ConnectionFactories(found);
    }

    /** Loads every {@link ConnectionFactory} service visible to this class's loader. */
    public static ConnectionFactories load() {
        return load(ConnectionFactories.class.getClassLoader());
    }

    /** The connection types available, e.g. {@code [ssh, smart, paramiko, local]}. */
    public Set<String> types() {
        return byType.keySet();
    }

    /**
     * The factory for a connection type. An unknown type is a runtime error with ansible-playbook's wording (the
     * task fails for that host; the host is not unreachable).
     */
    public ConnectionFactory forType(String type) {
        ConnectionFactory f = byType.get(type);
        if (f == null) {
            throw DroverException.runtime("the connection plugin '" + type + "' was not found", SourceLocation.UNKNOWN);
        }
        return f;
    }

    /** Opens a connection with the factory for {@code spec.type()}. */
    public Connection open(ConnectionSpec spec) throws ConnectionException {
        return forType(spec.type()).open(spec);
    }

    /** Closes every factory, even if some fail to close. */
    @Override
    public void close() {
        RuntimeException first = null;
        for (ConnectionFactory f : factories) {
            try {
                f.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
