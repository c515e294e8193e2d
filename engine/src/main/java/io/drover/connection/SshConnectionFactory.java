package io.drover.connection;

import java.io.Closeable;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import io.drover.connection.agent.AgentClient;
import io.drover.connection.agent.AgentIdentity;
import io.drover.connection.agent.AuthAgent;
import net.schmizz.keepalive.KeepAlive;
import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.keepalive.KeepAliveRunner;
import net.schmizz.sshj.Config;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.OpenFailException;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.transport.compression.DelayedZlibCompression;
import net.schmizz.sshj.transport.compression.NoneCompression;
import net.schmizz.sshj.transport.compression.ZlibCompression;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;
import net.schmizz.sshj.transport.verification.PromiscuousVerifier;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.method.AuthKeyboardInteractive;
import net.schmizz.sshj.userauth.method.AuthMethod;
import net.schmizz.sshj.userauth.method.AuthPassword;
import net.schmizz.sshj.userauth.method.AuthPublickey;
import net.schmizz.sshj.userauth.method.PasswordResponseProvider;
import net.schmizz.sshj.userauth.password.PasswordFinder;
import net.schmizz.sshj.userauth.password.Resource;

/**
 * Opens {@link SshConnection}s with sshj, honouring everything a {@link ConnectionSpec} and its {@link SshSettings}
 * say: one transport per host for the whole run, reached directly (TCP_NODELAY: each command is a few small
 * packets, Nagle's algorithm would add ~45 ms each), through a chain of jump hosts shared by all hosts behind them
 * ({@link JumpHosts}), or through a ProxyCommand process ({@link ProxyCommandSocket}); authenticated with
 * ssh-agent keys, key files and passwords in OpenSSH's order; host keys checked against known_hosts files
 * ({@link HostKeyPolicy}). Errors are worded like OpenSSH's, which is what ansible-playbook shows after
 * {@code Failed to connect to the host via ssh: }.
 *
 * <p>Shared among the run's connections: the sshj {@link Config}s (building the algorithm lists is not free),
 * parsed and decrypted private keys, parsed known_hosts files, and the jump host connections, all released by
 * {@link #close()}.
 */
public final class SshConnectionFactory implements ConnectionFactory {

    /** Prefix of every unreachable message, as printed by ansible-playbook's ssh connection plugin. */
    static final String PREFIX = "Failed to connect to the host via ssh: ";

    /** sshd's MaxSessions defaults to 10 channels per connection; stay below it with room for a spare. */
    static final int DEFAULT_MAX_CHANNELS = 8;

    /**
     * Targets carried by one connection to a jump host. OpenSSH's MaxSessions does not count direct-tcpip
     * channels (measured in the tests), so this only bounds how much one bastion transport multiplexes.
     */
    static final int DEFAULT_MAX_TUNNELS = 64;

    private static final List<String> DEFAULT_KEYS = List.of("id_ed25519", "id_ecdsa", "id_rsa");

    /** OpenSSH waits this long between ConnectionAttempts. */
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

    private final Config config = newConfig(false);
    private volatile Config compressed;
    private final Path home;
    private final int maxChannels;
    private final Identities identities;
    private final KnownHosts knownHosts = new KnownHosts();
    private final JumpHosts jumps;

    /**
     * A factory for the controller's user: default keys and known_hosts under {@code ~/.ssh}, passphrases asked on
     * the console.
     */
    public SshConnectionFactory() {
        this(Path.of(System.getProperty("user.home")), DEFAULT_MAX_CHANNELS, DEFAULT_MAX_TUNNELS,
                PasswordPrompt.console());
    }

    /** A factory with an explicit home directory and channel bound, that never prompts. */
    public SshConnectionFactory(Path home, int maxChannels) {
        this(home, maxChannels, DEFAULT_MAX_TUNNELS, PasswordPrompt.NONE);
    }

    /**
     * @param home        where default keys and known_hosts are looked up ({@code ~})
     * @param maxChannels concurrent channels per host connection (below the host's MaxSessions)
     * @param maxTunnels  hosts carried by one connection to a jump host
     * @param prompt      asks for key passphrases (not called in BatchMode)
     */
    public SshConnectionFactory(Path home, int maxChannels, int maxTunnels, PasswordPrompt prompt) {
        if (maxChannels < 2) {
            // the SFTP channel keeps one permit for the whole run; commands need at least one more
            throw new IllegalArgumentException("maxChannels must be at least 2: " + maxChannels);
        }
        if (maxTunnels < 1) {
            throw new IllegalArgumentException("maxTunnels must be at least 1: " + maxTunnels);
        }
        this.home = home;
        this.maxChannels = maxChannels;
        this.identities = new Identities(config, prompt);
        this.jumps = new JumpHosts(this::connect, maxTunnels);
    }

    @Override
    public Set<String> types() {
        return Set.of("ssh", "smart", "paramiko");
    }

    @Override
    public Connection open(ConnectionSpec spec) throws ConnectionException {
        Opened o = connect(spec);
        return new SshConnection(spec, o.client(), maxChannels, o.underlying());
    }

    /** Closes the jump host connections (and their proxy processes). */
    @Override
    public void close() {
        jumps.close();
    }

    /** Connections to jump hosts currently open (for tests). */
    int openJumpConnections() {
        return jumps.openHops();
    }

    /**
     * An authenticated transport and what carries it besides sshj's socket (a tunnel, a proxy process).
     * Closing it closes both.
     */
    record Opened(SSHClient client, AutoCloseable underlying) {
        void close() {
            closeQuietly(client);
            if (underlying != null) {
                try {
                    underlying.close();
                } catch (Exception ignored) {
                    // being torn down anyway
                }
            }
        }
    }

    /** Connects and authenticates, trying ConnectionAttempts times when the server cannot be reached at all. */
    Opened connect(ConnectionSpec spec) throws ConnectionException {
        int attempts = spec.ssh().connectionAttempts();
        for (int attempt = 1; ; attempt++) {
            try {
                return connectOnce(spec);
            } catch (Unreachable u) {
                if (!u.retryable || attempt >= attempts) {
                    throw u.error;
                }
            }
            try {
                Thread.sleep(RETRY_PAUSE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectionException(PREFIX + "interrupted while connecting to " + spec.address(), e);
            }
        }
    }

    /** A failed attempt, and whether another attempt could help (the server was never reached). */
    private static final class Unreachable extends Exception {
        final ConnectionException error;
        final boolean retryable;

        Unreachable(ConnectionException error, boolean retryable) {
            super(error.getMessage(), null, false, false);
            this.error = error;
            this.retryable = retryable;
        }
    }

    private Opened connectOnce(ConnectionSpec spec) throws Unreachable {
        SshSettings ssh = spec.ssh();
        HostKeyPolicy hostKeys;
        try {
            hostKeys = spec.hostKeyChecking() ? hostKeyPolicy(spec) : null;
        } catch (IOException e) {
            throw new Unreachable(new ConnectionException(PREFIX + "cannot read known hosts: " + e.getMessage(),
                    e), false);
        }
        Client client = new Client(ssh.compression() ? compressedConfig() : config, spec.timeout());
        client.setConnectTimeout(millis(spec.timeout()));
        client.addHostKeyVerifier(hostKeys != null ? hostKeys : new PromiscuousVerifier());
        if (!ssh.serverAliveInterval().isZero()) {
            KeepAlive ka = client.getConnection().getKeepAlive();
            ka.setKeepAliveInterval((int) Math.max(1, ssh.serverAliveInterval().toSeconds()));
            if (ka instanceof KeepAliveRunner runner) {
                runner.setMaxAliveCount(Math.max(1, ssh.serverAliveCountMax()));
            }
        }
        AutoCloseable underlying = null;
        Route route = Route.DIRECT;
        try {
            if (!ssh.jumpHosts().isEmpty()) {
                route = Route.JUMP;
                JumpHosts.Tunnel tunnel = tunnel(spec);
                underlying = tunnel;
                client.deadlineCloses(tunnel.channel());
                client.connectVia(tunnel.channel());
            } else if (ssh.proxyCommand() != null) {
                route = Route.PROXY;
                ProxyCommandSocket proxy = ProxyCommandSocket.start(ssh.proxyCommand(), spec.port());
                underlying = proxy;
                client.setSocketFactory(proxy.factory());
                client.connect(spec.address(), spec.port());
            } else {
                client.connect(spec.address(), spec.port());
            }
            authenticate(client, spec);
            if (!client.endHandshake()) {
                throw new SocketTimeoutException("handshake timed out");
            }
            return new Opened(client, underlying);
        } catch (IOException e) {
            boolean reached = client.bannerReceived();
            new Opened(client, underlying).close();
            client.endHandshake();
            ConnectionException error = route == Route.JUMP && e instanceof OpenFailException ofe
                    ? new ConnectionException(PREFIX + "channel 0: open failed: " + describe(ofe)
                            + "\nstdio forwarding failed (jump host " + describe(lastHop(ssh.jumpHosts()))
                            + " could not reach " + spec.address() + " port " + spec.port() + ")", e)
                    : route == Route.PROXY
                            ? proxyFailure(spec, client, hostKeys, (ProxyCommandSocket) underlying, e)
                            : unreachable(spec, client, hostKeys, e);
            boolean retryable = route == Route.DIRECT && !reached && !client.timedOut()
                    && (e instanceof ConnectException || e instanceof NoRouteToHostException
                    || e instanceof SocketTimeoutException);
            throw new Unreachable(error, retryable);
        } catch (ConnectionException e) {
            new Opened(client, underlying).close();
            client.endHandshake();
            throw new Unreachable(e, false);
        }
    }

    /** A channel to the target through its last jump host, the hop's failure named as such. */
    private JumpHosts.Tunnel tunnel(ConnectionSpec spec) throws ConnectionException, IOException {
        ConnectionSpec hop = lastHop(spec.ssh().jumpHosts());
        try {
            return jumps.open(hop, spec.address(), spec.port());
        } catch (ConnectionException e) {
            String m = stripPrefix(e.getMessage());
            throw new ConnectionException(PREFIX + (m.startsWith("jump host ") ? m
                    : "jump host " + describe(hop) + ": " + m), e);
        }
    }

    private enum Route { DIRECT, JUMP, PROXY }

    /**
     * The hop a target is reached through: the last of its chain, itself reached through the ones before it (as
     * {@code ssh -J a,b} reaches b through a). The first hop keeps its own settings, proxy included.
     */
    private static ConnectionSpec lastHop(List<ConnectionSpec> chain) {
        ConnectionSpec last = chain.getLast();
        if (chain.size() == 1) {
            return last;
        }
        SshSettings s = last.ssh();
        SshSettings routed = new SshSettings(s.identitiesOnly(), s.acceptNewHostKeys(), s.hashKnownHosts(),
                s.hostKeyAlias(), s.connectionAttempts(), s.serverAliveInterval(), s.serverAliveCountMax(),
                chain.subList(0, chain.size() - 1), null, s.agentSocket(), s.pubkeyAuthentication(),
                s.passwordAuthentication(), s.keyboardInteractiveAuthentication(), s.batchMode(), s.compression());
        return new ConnectionSpec(last.type(), last.inventoryName(), last.address(), last.port(), last.user(),
                last.identityFiles(), last.password(), last.hostKeyChecking(), last.knownHosts(), last.timeout(),
                routed);
    }

    private static String describe(ConnectionSpec hop) {
        return (hop.user() == null ? "" : hop.user() + "@") + hop.address() + (hop.port() == 22 ? "" : ":" + hop.port());
    }

    private static String describe(OpenFailException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        return switch (e.getReason()) {
            case ADMINISTRATIVELY_PROHIBITED -> "administratively prohibited: " + m;
            case CONNECT_FAILED -> "connect failed: " + m;
            case UNKNOWN_CHANNEL_TYPE -> "unknown channel type: " + m;
            case RESOURCE_SHORTAGE -> "resource shortage: " + m;
            default -> m;
        };
    }

    private static String stripPrefix(String message) {
        return message.startsWith(PREFIX) ? message.substring(PREFIX.length()) : message;
    }

    private Config compressedConfig() {
        Config c = compressed;
        if (c == null) {
            synchronized (this) {
                if (compressed == null) {
                    compressed = newConfig(true);
                }
                c = compressed;
            }
        }
        return c;
    }

    private static Config newConfig(boolean compression) {
        DefaultConfig c = new DefaultConfig();
        // keepalive@openssh.com requests that count unanswered ones, like ServerAliveInterval/ServerAliveCountMax;
        // the thread only runs when an interval is set
        c.setKeepAliveProvider(KeepAliveProvider.KEEP_ALIVE);
        if (compression) {
            c.setCompressionFactories(List.of(new DelayedZlibCompression.Factory(), new ZlibCompression.Factory(),
                    new NoneCompression.Factory()));
        }
        return c;
    }

    // ---- host keys ----

    private HostKeyPolicy hostKeyPolicy(ConnectionSpec spec) throws IOException {
        List<Path> files = knownHostsFiles(spec);
        String name = KnownHosts.lookupName(spec.address(), spec.port(), spec.ssh().hostKeyAlias());
        return new HostKeyPolicy(knownHosts, files, knownHosts.entries(files), name,
                spec.ssh().acceptNewHostKeys(), spec.ssh().hashKnownHosts());
    }

    /** The spec's known_hosts files, else OpenSSH's defaults: the user's files, then the system's. */
    private List<Path> knownHostsFiles(ConnectionSpec spec) {
        if (spec.knownHosts().isEmpty()) {
            return List.of(home.resolve(".ssh/known_hosts"), home.resolve(".ssh/known_hosts2"),
                    Path.of("/etc/ssh/ssh_known_hosts"), Path.of("/etc/ssh/ssh_known_hosts2"));
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

    // ---- authentication ----

    /** The identity files to offer: the spec's (each must exist), else the default keys that exist. */
    private List<Path> identityFiles(ConnectionSpec spec) throws ConnectionException {
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

    /**
     * Authenticates in OpenSSH's order: public keys (agent keys in the agent's order, a key file the agent holds
     * taking its place there, then the remaining files; with IdentitiesOnly only agent keys matching a file), then
     * keyboard-interactive and password answered with the spec's password.
     */
    private void authenticate(SSHClient client, ConnectionSpec spec) throws IOException, ConnectionException {
        String user = spec.user() != null ? spec.user() : System.getProperty("user.name");
        SshSettings ssh = spec.ssh();
        List<AuthMethod> methods = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (ssh.pubkeyAuthentication()) {
            List<Identities.KeyFile> files = new ArrayList<>();
            for (Path file : identityFiles(spec)) {
                try {
                    files.add(identities.inspect(file));
                } catch (IOException | RuntimeException e) {
                    // ssh skips a key it cannot load and tries the next one; so do we, and say why if all fail
                    problems.add(Identities.describe(file, e));
                }
            }
            if (ssh.agentSocket() != null) {
                AgentClient agent = new AgentClient(ssh.agentSocket());
                try {
                    for (AgentIdentity id : agent.identities()) {
                        Identities.KeyFile match = files.stream()
                                .filter(f -> f.publicKey() != null && id.matches(f.publicKey()))
                                .findFirst().orElse(null);
                        if (match != null) {
                            files.remove(match);
                        }
                        if (match != null || !ssh.identitiesOnly()) {
                            methods.add(new AuthAgent(agent, id));
                        }
                    }
                } catch (IOException e) {
                    problems.add("Error connecting to agent " + ssh.agentSocket() + ": " + e.getMessage());
                }
            }
            for (Identities.KeyFile f : files) {
                methods.add(new AuthPublickey(new RecordingKey(identities.provider(f, ssh.batchMode()), f.file(),
                        problems)));
            }
        }
        if (spec.password() != null) {
            PasswordFinder password = new FixedPassword(spec.password());
            if (ssh.keyboardInteractiveAuthentication()) {
                methods.add(new AuthKeyboardInteractive(new PasswordResponseProvider(password)));
            }
            if (ssh.passwordAuthentication()) {
                methods.add(new AuthPassword(password));
            }
        }
        try {
            client.auth(user, methods);
        } catch (UserAuthException e) {
            Collection<String> allowed = client.getUserAuth().getAllowedMethods();
            problems.add(user + "@" + spec.address() + ": Permission denied ("
                    + (allowed.isEmpty() ? "publickey" : String.join(",", allowed)) + ").");
            throw new ConnectionException(PREFIX + String.join("\n", problems.stream().distinct().toList()), e);
        }
    }

    /** A key file whose private half may fail to load when needed; the failure is kept for the message. */
    private record RecordingKey(net.schmizz.sshj.userauth.keyprovider.KeyProvider key, Path file,
                                List<String> problems) implements net.schmizz.sshj.userauth.keyprovider.KeyProvider {
        @Override
        public java.security.PrivateKey getPrivate() throws IOException {
            try {
                return key.getPrivate();
            } catch (IOException | RuntimeException e) {
                synchronized (problems) {
                    problems.add(Identities.describe(file, e));
                }
                throw e;
            }
        }

        @Override
        public java.security.PublicKey getPublic() throws IOException {
            return key.getPublic();
        }

        @Override
        public net.schmizz.sshj.common.KeyType getType() throws IOException {
            return key.getType();
        }

        @Override
        public String toString() {
            return file.toString();
        }
    }

    // ---- errors ----

    /** A ProxyCommand that failed: what it wrote to stderr comes first, as ssh shows it. */
    private static ConnectionException proxyFailure(ConnectionSpec spec, Client client, HostKeyPolicy hostKeys,
                                                    ProxyCommandSocket proxy, IOException e) {
        if ((hostKeys != null && hostKeys.failure() != null) || client.bannerReceived()) {
            return unreachable(spec, client, hostKeys, e);
        }
        Integer status = proxy == null ? null : proxy.exitStatus();
        String stderr = proxy == null ? "" : proxy.stderr();
        String detail = (stderr.isEmpty() ? "" : stderr + "\n")
                + (client.timedOut()
                        ? "Connection timed out during banner exchange (ProxyCommand: " + spec.ssh().proxyCommand() + ")"
                        : "kex_exchange_identification: Connection closed by remote host (ProxyCommand "
                                + (status == null ? "" : "exited with status " + status + ": ")
                                + spec.ssh().proxyCommand() + ")");
        return new ConnectionException(PREFIX + detail, e);
    }

    /** Turns a failure while connecting into ssh's wording for it, which Ansible shows as the unreachable message. */
    static ConnectionException unreachable(ConnectionSpec spec, Client client, HostKeyPolicy hostKeys, IOException e) {
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
        } else if (e instanceof TransportException && !client.bannerReceived()) {
            detail = "kex_exchange_identification: Connection closed by remote host\nConnection closed by "
                    + host + " port " + spec.port();
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
     * server's banner without any timeout, so a host that accepts TCP but never speaks would hang the run. When the
     * deadline fires it closes what carries the transport: the socket, the tunnel channel or the proxy process.
     */
    static final class Client extends SSHClient {
        private static final int RUNNING = 0;
        private static final int DONE = 1;
        private static final int FIRED = 2;

        private final Duration handshakeTimeout;
        private final AtomicInteger state = new AtomicInteger(RUNNING);
        private volatile Closeable carrier;
        private volatile Thread watchdog;
        private volatile boolean bannerReceived;

        Client(Config config, Duration handshakeTimeout) {
            super(config);
            this.handshakeTimeout = handshakeTimeout;
        }

        /** What the deadline closes when the transport has no socket of its own (a tunnel). */
        void deadlineCloses(Closeable c) {
            this.carrier = c;
        }

        @Override
        protected void onConnect() throws IOException {
            Socket socket = getSocket();
            if (socket != null) {
                socket.setTcpNoDelay(true);
            }
            Closeable target = socket != null ? socket : carrier;
            if (target != null) {
                watchdog = Thread.ofVirtual().name("drover-ssh-deadline").start(() -> {
                    try {
                        Thread.sleep(handshakeTimeout);
                    } catch (InterruptedException e) {
                        return;
                    }
                    if (state.compareAndSet(RUNNING, FIRED)) {
                        try {
                            target.close();
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

        @Override
        public String toString() {
            return "FixedPassword[<hidden>]";
        }
    }
}
