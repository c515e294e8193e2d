package io.drover.exec;

import io.drover.api.RunOptions;
import io.drover.connection.Connection;
import io.drover.connection.ConnectionException;
import io.drover.connection.ConnectionFactories;
import io.drover.connection.ConnectionSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One connection per host for the whole run, opened on first use from the host's connection variables
 * (ansible_host, ansible_port, ansible_user, ansible_ssh_private_key_file, ...), which win over CLI flags and
 * ansible.cfg as in Ansible. A host whose connection failed stays unreachable for the rest of the run.
 */
final class HostConnections implements AutoCloseable {

    private final ConnectionFactories factories;
    private final RunOptions options;
    private final Map<String, Connection> open = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    HostConnections(ConnectionFactories factories, RunOptions options) {
        this.factories = factories;
        this.options = options;
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
                c = factories.forType(spec.type()).open(spec);
                open.put(key, c);
            }
            return c;
        }
    }

    /** Connection variables win over the remote_user keyword, which wins over -u and ansible.cfg. */
    ConnectionSpec spec(String host, Map<String, Object> vars, String remoteUser) {
        String type = firstString(vars, "ansible_connection");
        if (type == null) {
            type = options.connection() != null ? options.connection() : "ssh";
        }
        String address = firstString(vars, "ansible_host", "ansible_ssh_host");
        String port = firstString(vars, "ansible_port", "ansible_ssh_port");
        String user = firstString(vars, "ansible_user", "ansible_ssh_user");
        String key = firstString(vars, "ansible_ssh_private_key_file", "ansible_private_key_file");
        String password = firstString(vars, "ansible_password", "ansible_ssh_pass", "ansible_ssh_password");
        String checking = firstString(vars, "ansible_host_key_checking", "ansible_ssh_host_key_checking");
        SshOptions ssh = SshOptions.parse(String.join(" ", nonNull(options.sshArgs(),
                firstString(vars, "ansible_ssh_common_args"), firstString(vars, "ansible_ssh_extra_args"))));
        boolean hostKeyChecking = checking != null ? truthy(checking)
                : ssh.strictHostKeyChecking() != null ? ssh.strictHostKeyChecking() : options.hostKeyChecking();
        List<Path> keys = new ArrayList<>();
        if (key != null) {
            keys.add(expandHome(key));
        } else if (options.privateKey() != null) {
            keys.add(options.privateKey());
        }
        keys.addAll(ssh.identityFiles());
        List<Path> knownHosts = ssh.knownHosts().isEmpty()
                ? List.of(expandHome("~/.ssh/known_hosts")) : ssh.knownHosts();
        return new ConnectionSpec(type, host, address != null ? address : host,
                port != null ? Integer.parseInt(port.strip()) : 22,
                user != null ? user : remoteUser != null ? remoteUser : options.remoteUser(), keys, password, hostKeyChecking, knownHosts,
                Duration.ofSeconds(options.connectTimeout()));
    }

    private static List<String> nonNull(String... values) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                out.add(v);
            }
        }
        return out;
    }

    private static String firstString(Map<String, Object> vars, String... names) {
        for (String n : names) {
            Object v = vars.get(n);
            if (v != null) {
                return String.valueOf(v);
            }
        }
        return null;
    }

    private static boolean truthy(String v) {
        return switch (v.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on", "1", "y", "t" -> true;
            default -> false;
        };
    }

    static Path expandHome(String path) {
        if (path.startsWith("~/") || path.equals("~")) {
            return Path.of(System.getProperty("user.home") + path.substring(1));
        }
        return Path.of(path);
    }

    @Override
    public void close() {
        open.values().forEach(Connection::close);
        open.clear();
    }
}
