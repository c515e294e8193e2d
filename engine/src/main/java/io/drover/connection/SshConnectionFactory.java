package io.drover.connection;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import net.schmizz.sshj.Config;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;
import net.schmizz.sshj.transport.verification.PromiscuousVerifier;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyPairWrapper;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.method.AuthKeyboardInteractive;
import net.schmizz.sshj.userauth.method.AuthMethod;
import net.schmizz.sshj.userauth.method.AuthPassword;
import net.schmizz.sshj.userauth.method.AuthPublickey;
import net.schmizz.sshj.userauth.method.PasswordResponseProvider;
import net.schmizz.sshj.userauth.password.PasswordFinder;
import net.schmizz.sshj.userauth.password.Resource;

/**
 * Opens {@link SshConnection}s with sshj: one transport per host for the whole run, with TCP_NODELAY (each command is
 * a few small packets; Nagle's algorithm adds ~45 ms per command), host keys checked against known_hosts files and
 * errors worded like OpenSSH's, which is what ansible-playbook shows after {@code Failed to connect to the host via
 * ssh: }.
 *
 * <p>What the factory shares among its connections: one sshj {@link Config} (building the algorithm lists is not
 * free), parsed private keys and parsed known_hosts files (read once per run, not once per host).
 */
public final class SshConnectionFactory implements ConnectionFactory {

    /** Prefix of every unreachable message, as printed by ansible-playbook's ssh connection plugin. */
    static final String PREFIX = "Failed to connect to the host via ssh: ";

    /** sshd's MaxSessions defaults to 10 channels per connection; stay below it with room for a spare. */
    static final int DEFAULT_MAX_CHANNELS = 8;

    private static final List<String> DEFAULT_KEYS = List.of("id_ed25519", "id_ecdsa", "id_rsa");

    private final Config config = new DefaultConfig();
    private final Path home;
    private final int maxChannels;
    private final ConcurrentHashMap<Path, KeyPair> keys = new ConcurrentHashMap<>();
    private final KnownHostsCache knownHosts = new KnownHostsCache();

    /** A factory for the controller's user: default keys and known_hosts under {@code ~/.ssh}. */
    public SshConnectionFactory() {
        this(Path.of(System.getProperty("user.home")), DEFAULT_MAX_CHANNELS);
    }

    /**
     * A factory with an explicit home directory (where default keys and known_hosts are looked up) and an explicit
     * bound on concurrent channels per connection.
     */
    public SshConnectionFactory(Path home, int maxChannels) {
        if (maxChannels < 2) {
            // the SFTP channel keeps one permit for the whole run; commands need at least one more
            throw new IllegalArgumentException("maxChannels must be at least 2: " + maxChannels);
        }
        this.home = home;
        this.maxChannels = maxChannels;
    }

    @Override
    public Set<String> types() {
        return Set.of("ssh", "smart", "paramiko");
    }

    @Override
    public Connection open(ConnectionSpec spec) throws ConnectionException {
        String user = spec.user() != null ? spec.user() : System.getProperty("user.name");
        List<Path> identities = identities(spec);
        HostKeyCheck hostKeys = spec.hostKeyChecking()
                ? new HostKeyCheck(knownHosts.load(knownHostsFiles(spec)))
                : null;
        Client client = new Client(config, spec.timeout());
        client.setConnectTimeout(millis(spec.timeout()));
        client.addHostKeyVerifier(hostKeys != null ? hostKeys : new PromiscuousVerifier());
        try {
            client.connect(spec.address(), spec.port());
            authenticate(client, spec, user, identities);
            if (!client.endHandshake()) {
                throw new SocketTimeoutException("handshake timed out");
            }
            return new SshConnection(spec, client, maxChannels);
        } catch (IOException e) {
            client.endHandshake();
            closeQuietly(client);
            throw unreachable(spec, client, hostKeys, e);
        } catch (ConnectionException e) {
            client.endHandshake();
            closeQuietly(client);
            throw e;
        }
    }

    /** The identity files to offer: the spec's (each must exist), else the default keys that exist. */
    private List<Path> identities(ConnectionSpec spec) throws ConnectionException {
        if (spec.identityFiles().isEmpty()) {
            List<Path> found = new ArrayList<>();
            for (String name : DEFAULT_KEYS) {
                Path p = home.resolve(".ssh").resolve(name);
                if (Files.isRegularFile(p)) {
                    found.add(p);
                }
            }
            return found;
        }
        List<Path> given = new ArrayList<>();
        for (Path p : spec.identityFiles()) {
            Path key = expandHome(p);
            if (!Files.exists(key)) {
                throw new ConnectionException(PREFIX + "no such identity: " + key + ": No such file or directory");
            }
            if (!Files.isReadable(key) || Files.isDirectory(key)) {
                throw new ConnectionException(PREFIX + "Load key \"" + key + "\": Permission denied");
            }
            given.add(key);
        }
        return given;
    }

    private List<Path> knownHostsFiles(ConnectionSpec spec) {
        if (spec.knownHosts().isEmpty()) {
            return List.of(home.resolve(".ssh").resolve("known_hosts"));
        }
        return spec.knownHosts().stream().map(this::expandHome).toList();
    }

    private Path expandHome(Path p) {
        String s = p.toString();
        if (s.equals("~")) {
            return home;
        }
        return s.startsWith("~/") ? home.resolve(s.substring(2)) : p;
    }

    private void authenticate(SSHClient client, ConnectionSpec spec, String user, List<Path> identities)
            throws IOException, ConnectionException {
        List<AuthMethod> methods = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path key : identities) {
            try {
                methods.add(new AuthPublickey(new KeyPairWrapper(loadKey(client, key))));
            } catch (IOException | RuntimeException e) {
                // ssh skips a key it cannot load and tries the next one; so do we, and say why if all fail
                problems.add("Load key \"" + key + "\": " + describeKeyProblem(e));
            }
        }
        if (spec.password() != null) {
            PasswordFinder password = new FixedPassword(spec.password());
            methods.add(new AuthPassword(password));
            methods.add(new AuthKeyboardInteractive(new PasswordResponseProvider(password)));
        }
        try {
            client.auth(user, methods);
        } catch (UserAuthException e) {
            Collection<String> allowed = client.getUserAuth().getAllowedMethods();
            String denied = user + "@" + spec.address() + ": Permission denied ("
                    + (allowed.isEmpty() ? "publickey" : String.join(",", allowed)) + ").";
            problems.add(denied);
            throw new ConnectionException(PREFIX + String.join("\n", problems), e);
        }
    }

    /** Parses a private key once per run; every host using it shares the parsed pair. */
    private KeyPair loadKey(SSHClient client, Path key) throws IOException {
        KeyPair cached = keys.get(key);
        if (cached != null) {
            return cached;
        }
        KeyProvider provider = client.loadKeys(key.toString());
        KeyPair pair = new KeyPair(provider.getPublic(), provider.getPrivate());
        keys.putIfAbsent(key, pair);
        return pair;
    }

    private static String describeKeyProblem(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        String lower = m.toLowerCase(Locale.ROOT);
        if (lower.contains("password") || lower.contains("passphrase") || lower.contains("encrypt")) {
            return "incorrect passphrase supplied to decrypt private key (" + m + ")";
        }
        return "invalid format (" + m + ")";
    }

    /** Turns a failure while connecting into ssh's wording for it, which Ansible shows as the unreachable message. */
    static ConnectionException unreachable(ConnectionSpec spec, Client client, HostKeyCheck hostKeys, IOException e) {
        String host = spec.address();
        String at = "ssh: connect to host " + host + " port " + spec.port() + ": ";
        String detail;
        if (hostKeys != null && hostKeys.failure() != null) {
            detail = hostKeys.failure();
        } else if (client.timedOut()) {
            detail = !client.bannerReceived()
                    ? "Connection timed out during banner exchange\nConnection to " + host + " port " + spec.port()
                            + " timed out"
                    : at + "Connection timed out";
        } else if (e instanceof UnknownHostException) {
            detail = "ssh: Could not resolve hostname " + host.toLowerCase(Locale.ROOT) + ": Name or service not known";
        } else if (e instanceof NoRouteToHostException) {
            detail = at + "No route to host";
        } else if (e instanceof SocketTimeoutException) {
            detail = at + "Connection timed out";
        } else if (e instanceof ConnectException && e.getMessage() != null) {
            // the JDK sometimes appends ": connect" or " (Connection refused)"; keep the errno text only
            String m = e.getMessage();
            detail = at + (m.contains("refused") ? "Connection refused"
                    : m.contains("unreachable") ? "Network is unreachable" : m);
        } else {
            detail = at + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        return new ConnectionException(PREFIX + detail, e);
    }

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
    }

    private static void closeQuietly(SSHClient client) {
        try {
            client.close();
        } catch (IOException | RuntimeException ignored) {
            // already failing; the first error is the one worth reporting
        }
    }

    /**
     * sshj's client with TCP_NODELAY and a deadline over the SSH handshake and authentication: sshj reads the
     * server's banner without any timeout, so a host that accepts TCP but never speaks would hang the run.
     */
    static final class Client extends SSHClient {
        private static final int RUNNING = 0;
        private static final int DONE = 1;
        private static final int FIRED = 2;

        private final Duration handshakeTimeout;
        private final AtomicInteger state = new AtomicInteger(RUNNING);
        private volatile Thread watchdog;
        private volatile boolean bannerReceived;

        Client(Config config, Duration handshakeTimeout) {
            super(config);
            this.handshakeTimeout = handshakeTimeout;
        }

        @Override
        protected void onConnect() throws IOException {
            Socket socket = getSocket();
            if (socket != null) {
                socket.setTcpNoDelay(true);
                watchdog = Thread.ofVirtual().name("drover-ssh-deadline").start(() -> {
                    try {
                        Thread.sleep(handshakeTimeout);
                    } catch (InterruptedException e) {
                        return;
                    }
                    if (state.compareAndSet(RUNNING, FIRED)) {
                        try {
                            socket.close();
                        } catch (IOException ignored) {
                            // closing is the whole point; a failure to close leaves nothing to do
                        }
                    }
                });
            }
            super.onConnect();
        }

        @Override
        protected void doKex() throws TransportException {
            // sshj calls this right after both identification strings were exchanged
            bannerReceived = true;
            super.doKex();
        }

        boolean bannerReceived() {
            return bannerReceived;
        }

        /** Stops the deadline; false if it had already fired (the handshake timed out). */
        boolean endHandshake() {
            Thread w = watchdog;
            if (w != null) {
                w.interrupt();
            }
            return state.compareAndSet(RUNNING, DONE) || state.get() == DONE;
        }

        boolean timedOut() {
            return state.get() == FIRED;
        }
    }

    /** A password handed to sshj afresh for each attempt (sshj blanks the array after use). */
    private record FixedPassword(String password) implements PasswordFinder {
        @Override
        public char[] reqPassword(Resource<?> resource) {
            return password.toCharArray();
        }

        @Override
        public boolean shouldRetry(Resource<?> resource) {
            return false;
        }
    }

    /** Known-hosts files parsed once per run, re-read only if a file changed in between. */
    private static final class KnownHostsCache {
        private record Parsed(long modified, long size, OpenSSHKnownHosts hosts) {
        }

        private final ConcurrentHashMap<Path, Parsed> parsed = new ConcurrentHashMap<>();

        List<OpenSSHKnownHosts> load(List<Path> files)
                throws ConnectionException {
            List<OpenSSHKnownHosts> result = new ArrayList<>();
            for (Path file : files) {
                if (!Files.isRegularFile(file)) {
                    continue;
                }
                try {
                    long modified = Files.getLastModifiedTime(file).toMillis();
                    long size = Files.size(file);
                    Parsed p = parsed.get(file);
                    if (p == null || p.modified() != modified || p.size() != size) {
                        p = new Parsed(modified, size,
                                new OpenSSHKnownHosts(file.toFile()));
                        parsed.put(file, p);
                    }
                    result.add(p.hosts());
                } catch (IOException e) {
                    throw new ConnectionException(PREFIX + "cannot read known hosts file " + file + ": "
                            + e.getMessage(), e);
                }
            }
            return result;
        }
    }

    /** Checks the server's key against several known_hosts files and remembers why it refused, in ssh's words. */
    static final class HostKeyCheck implements HostKeyVerifier {
        private final List<OpenSSHKnownHosts> files;
        private volatile String failure;

        HostKeyCheck(List<OpenSSHKnownHosts> files) {
            this.files = files;
        }

        @Override
        public boolean verify(String hostname, int port, PublicKey key) {
            for (var f : files) {
                if (f.verify(hostname, port, key)) {
                    return true;
                }
            }
            String type = KeyType.fromKey(key).toString();
            boolean changed = findExistingAlgorithms(hostname, port).contains(type);
            String name = port == 22 ? hostname : "[" + hostname + "]:" + port;
            failure = changed
                    ? "Host key for " + name + " has changed and you have requested strict checking.\n"
                            + "Host key verification failed."
                    : "Host key verification failed.";
            return false;
        }

        @Override
        public List<String> findExistingAlgorithms(String hostname, int port) {
            List<String> all = new ArrayList<>();
            for (var f : files) {
                all.addAll(f.findExistingAlgorithms(hostname, port));
            }
            return all;
        }

        String failure() {
            return failure;
        }
    }
}
