package io.drover.exec;

import io.drover.api.RunOptions;
import io.drover.connection.Connection;
import io.drover.connection.ConnectionException;
import io.drover.connection.ConnectionFactories;
import io.drover.connection.ConnectionFactory;
import io.drover.connection.ConnectionSpec;
import io.drover.connection.openssh.AnsibleSsh;
import io.drover.connection.openssh.SshConfigException;
import io.drover.connection.openssh.SshSpecResolver;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * One connection per host for the whole run, opened on first use. How to reach the host is resolved as ansible-core
 * 2.14 and OpenSSH would (see {@link SshSpecResolver}): connection variables win over the remote_user keyword, CLI
 * flags and ansible.cfg, and the resulting ssh options meet ssh_config. A host whose connection failed stays
 * unreachable for the rest of the run.
 */
final class HostConnections implements AutoCloseable {

    private static final Set<String> SSH_TYPES = Set.of("ssh", "smart", "paramiko");

    private final ConnectionFactories factories;
    private final RunOptions options;
    private final SshSpecResolver resolver;
    private final Map<String, Connection> open = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    HostConnections(ConnectionFactories factories, RunOptions options) {
        this(factories, options, w -> { });
    }

    /** {@code warnings} receives, once per run, each OpenSSH option Drover cannot honour. */
    HostConnections(ConnectionFactories factories, RunOptions options, Consumer<String> warnings) {
        this(factories, options, new SshSpecResolver(SshSpecResolver.Environment.fromSystem(), warnings));
    }

    HostConnections(ConnectionFactories factories, RunOptions options, SshSpecResolver resolver) {
        this.factories = factories;
        this.options = options;
        this.resolver = resolver;
    }

    /**
     * The host's connection, opened now if needed. {@code vars} is the host's variable scope; {@code remoteUser}
     * the task's {@code remote_user} keyword or null. A task that logs in as another user gets its own connection.
     */
    Connection get(String host, Map<String, Object> vars, String remoteUser) throws ConnectionException {
        String key = remoteUser == null ? host : host + "\u0000" + remoteUser;
        Connection c = open.get(key);
        if (c != null) {
            return c;
        }
        synchronized (locks.computeIfAbsent(key, h -> new Object())) {
            c = open.get(key);
            if (c == null) {
                ConnectionSpec spec = spec(host, vars, remoteUser);
                ConnectionFactory factory = factories.forType(spec.type());
                try {
                    c = factory.open(spec);
                } catch (RuntimeException e) {
                    // A library failure while connecting concerns this host only: report it as unreachable
                    // instead of ending the run.
                    throw new ConnectionException("Failed to connect to the host via " + spec.type() + ": "
                            + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
                }
                open.put(key, c);
            }
            return c;
        }
    }

    /**
     * The spec for {@code host}. Where ansible-core lists several variables for one setting, the last one set wins
     * (ansible_ssh_host over ansible_host, ansible_ssh_port over ansible_port, ...), as in ansible-core 2.14.
     */
    ConnectionSpec spec(String host, Map<String, Object> vars, String remoteUser) throws ConnectionException {
        String type = lastString(vars, "ansible_connection");
        if (type == null) {
            type = options.connection() != null ? options.connection() : "ssh";
        }
        String address = lastString(vars, "ansible_host", "ansible_ssh_host");
        String password = lastString(vars, "ansible_password", "ansible_ssh_pass", "ansible_ssh_password");
        if (password == null) {
            password = options.connectionPassword();
        }
        String user = lastString(vars, "ansible_user", "ansible_ssh_user");
        if (user == null) {
            user = remoteUser != null ? remoteUser : options.remoteUser();
        }
        if (!SSH_TYPES.contains(type)) {
            // local (and types the factories will reject): nothing of ssh applies
            return new ConnectionSpec(type, host, address != null ? address : host, 22, user, List.of(), password,
                    options.hostKeyChecking(), List.of(), Duration.ofSeconds(options.connectTimeout()));
        }
        String checking = lastString(vars, "ansible_host_key_checking", "ansible_ssh_host_key_checking");
        String port = lastString(vars, "ansible_port", "ansible_ssh_port");
        String key = lastString(vars, "ansible_private_key_file", "ansible_ssh_private_key_file");
        String timeout = lastString(vars, "ansible_ssh_timeout");
        String sshArgs = lastString(vars, "ansible_ssh_args");
        String common = lastString(vars, "ansible_ssh_common_args");
        String extra = lastString(vars, "ansible_ssh_extra_args");
        try {
            AnsibleSsh in = new AnsibleSsh(type, host, address != null ? address : host,
                    sshArgs != null ? sshArgs : options.sshArgs(),
                    checking != null ? truthy(checking) : options.hostKeyChecking(),
                    port != null ? Integer.valueOf(integer(port, "ansible_port")) : options.remotePort(),
                    key != null ? key : options.privateKey() != null ? options.privateKey().toString() : null,
                    user,
                    timeout != null ? integer(timeout, "ansible_ssh_timeout") : options.connectTimeout(),
                    common != null ? common : options.sshCommonArgs(),
                    extra != null ? extra : options.sshExtraArgs(),
                    password);
            return resolver.resolve(in);
        } catch (SshConfigException e) {
            throw new ConnectionException("Failed to connect to the host via ssh: " + e.getMessage());
        }
    }

    private static int integer(String value, String name) throws SshConfigException {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new SshConfigException("Invalid " + name + " value \"" + value + "\": expected an integer");
        }
    }

    private static String lastString(Map<String, Object> vars, String... names) {
        String found = null;
        for (String n : names) {
            Object v = vars.get(n);
            if (v != null) {
                found = String.valueOf(v);
            }
        }
        return found;
    }

    private static boolean truthy(String v) {
        return switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1", "y", "t", "1.0" -> true;
            default -> false;
        };
    }

    @Override
    public void close() {
        open.values().forEach(Connection::close);
        open.clear();
    }
}
