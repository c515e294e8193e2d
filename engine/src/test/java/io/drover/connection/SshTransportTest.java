package io.drover.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenSSH-level settings of {@link SshSettings} against real sshd servers: jump hosts and ProxyCommand through
 * a second server, a real ssh-agent, encrypted keys in every format, password login, known_hosts handling,
 * connection attempts, keepalives and compression.
 */
class SshTransportTest {

    private static TestSshd bastion;
    private static TestSshd target;
    private static Path home;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startServers() throws Exception {
        // MaxSessions 1 on the bastion: many targets through one bastion connection prove that tunnels are not
        // sessions; DEBUG logs on the target show keepalives and compression
        bastion = TestSshd.start("MaxSessions 1");
        target = TestSshd.start("LogLevel DEBUG1");
        home = Files.createTempDirectory("drover-home");
    }

    @AfterAll
    static void stopServers() throws Exception {
        if (bastion != null) {
            bastion.close();
        }
        if (target != null) {
            target.close();
        }
        if (home != null) {
            Files.deleteIfExists(home);
        }
    }

    /** A test spec builder: root-equivalent user, no host key checks, OpenSSH defaults otherwise. */
    private static class Spec {
        String address = "127.0.0.1";
        int port;
        String user = System.getProperty("user.name");
        List<Path> keys = new ArrayList<>();
        String password;
        boolean hostKeyChecking;
        List<Path> knownHosts = List.of();
        Duration timeout = Duration.ofSeconds(5);
        boolean identitiesOnly;
        boolean acceptNew;
        boolean hashKnownHosts;
        String hostKeyAlias;
        int attempts = 1;
        Duration aliveInterval = Duration.ZERO;
        List<ConnectionSpec> jumps = List.of();
        String proxyCommand;
        Path agent;
        boolean pubkey = true;
        boolean passwordAuth = true;
        boolean kbd = true;
        boolean batch;
        boolean compression;

        Spec(TestSshd server) {
            port = server.port;
            keys.add(server.clientKey);
        }

        Spec keys(Path... k) {
            keys = new ArrayList<>(List.of(k));
            return this;
        }

        ConnectionSpec build() {
            return new ConnectionSpec("ssh", "h" + port, address, port, user, keys, password, hostKeyChecking,
                    knownHosts, timeout, new SshSettings(identitiesOnly, acceptNew, hashKnownHosts, hostKeyAlias,
                    attempts, aliveInterval, 3, jumps, proxyCommand, agent, pubkey, passwordAuth, kbd, batch,
                    compression));
        }
    }

    private static SshConnectionFactory factory() {
        return new SshConnectionFactory(home, 8, SshConnectionFactory.DEFAULT_MAX_TUNNELS, PasswordPrompt.NONE);
    }

    /** Mean time to open (and close) a connection, over 5 connections. */
    private static double connectMillis(SshConnectionFactory f, ConnectionSpec spec) throws Exception {
        long total = 0;
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            Connection c = f.open(spec);
            total += System.nanoTime() - start;
            c.close();
        }
        return total / 5 / 1e6;
    }

    private static final Pattern SS_PID = Pattern.compile("pid=(\\d+)");

    /** The process owning the local end of the TCP connection the server saw as coming from {@code clientPort}. */
    private static long clientProcess(Connection c) throws Exception {
        String[] conn = c.exec(Command.of("echo $SSH_CONNECTION")).stdout().trim().split(" ");
        String ss = TestSshd.output("ss", "-tnpH", "state", "established", "( sport = :" + conn[1] + " )");
        Matcher m = SS_PID.matcher(ss);
        assertTrue(m.find(), "no process owns port " + conn[1] + ": " + ss);
        return Long.parseLong(m.group(1));
    }

    // ---- jump hosts ----

    @Test
    void jumpHostCarriesManyTargetsOnOneBastionConnection() throws Exception {
        ConnectionSpec viaBastion = new Spec(target) {{ jumps = List.of(new Spec(bastion).build()); }}.build();
        try (SshConnectionFactory f = factory()) {
            // warm up (class loading, JIT) so the timings compare transports, not the first connection of a JVM
            f.open(new Spec(target).build()).close();
            double directMs = connectMillis(f, new Spec(target).build());
            long start = System.nanoTime();
            Connection first = f.open(viaBastion);
            double firstMs = (System.nanoTime() - start) / 1e6;
            // the target saw its client on the bastion's side: the TCP connection belongs to the bastion's sshd
            assertTrue(bastion.owns(clientProcess(first)), "target was not reached through the bastion");
            List<Connection> more = new ArrayList<>();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<Connection>> opened = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    opened.add(pool.submit(() -> f.open(viaBastion)));
                }
                for (Future<Connection> c : opened) {
                    more.add(c.get());
                }
            }
            double reusedMs = connectMillis(f, viaBastion);
            for (Connection c : more) {
                assertEquals("ok\n", c.exec(Command.of("echo ok")).stdout());
                assertTrue(bastion.owns(clientProcess(c)));
            }
            // 8 targets, bastion MaxSessions 1: direct-tcpip channels are not sessions, one bastion connection
            assertEquals(1, f.openJumpConnections());

            Connection direct = f.open(new Spec(target).build());
            assertEquals(ProcessHandle.current().pid(), clientProcess(direct));
            System.out.printf("SSH connect time per host (open + authenticate, mean of 5): direct %.1f ms; through"
                    + " a jump host %.1f ms with the bastion connection reused (%.1f ms for the first, bastion"
                    + " connection included)%n", directMs, reusedMs, firstMs);
            direct.close();
            first.close();
            more.forEach(Connection::close);
        }
    }

    @Test
    void tunnelsPerBastionConnectionAreBounded() throws Exception {
        ConnectionSpec viaBastion = new Spec(target) {{ jumps = List.of(new Spec(bastion).build()); }}.build();
        try (SshConnectionFactory f = new SshConnectionFactory(home, 8, 2, PasswordPrompt.NONE)) {
            List<Connection> open = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                open.add(f.open(viaBastion));
            }
            assertEquals(3, f.openJumpConnections());
            open.forEach(Connection::close);
            // freed slots are reused, no new bastion connection
            try (Connection c = f.open(viaBastion)) {
                assertEquals(3, f.openJumpConnections());
                assertEquals(0, c.exec(Command.of("true")).exitCode());
            }
        }
        // the factory closed the bastion connections: the bastion's per-connection sshd processes end
        long end = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < end && ProcessHandle.allProcesses().anyMatch(
                p -> p.parent().map(pp -> bastion.owns(pp.pid())).orElse(false))) {
            Thread.sleep(20);
        }
    }

    @Test
    void chainOfTwoJumpHosts() throws Exception {
        // 127.0.0.1 -> bastion -> bastion -> target: each hop reached through the ones before it
        ConnectionSpec hop = new Spec(bastion).build();
        ConnectionSpec viaTwo = new Spec(target) {{ jumps = List.of(hop, hop); }}.build();
        try (SshConnectionFactory f = factory(); Connection c = f.open(viaTwo)) {
            assertTrue(bastion.owns(clientProcess(c)));
            assertEquals(2, f.openJumpConnections());
        }
    }

    @Test
    void jumpHostFailuresNameTheHop() throws Exception {
        int closed = closedPort();
        ConnectionSpec deadHop = new Spec(bastion) {{ port = closed; }}.build();
        ConnectionSpec viaDead = new Spec(target) {{ jumps = List.of(deadHop); }}.build();
        try (SshConnectionFactory f = factory()) {
            ConnectionException e = assertThrows(ConnectionException.class, () -> f.open(viaDead));
            assertEquals("Failed to connect to the host via ssh: jump host " + System.getProperty("user.name")
                    + "@127.0.0.1:" + closed + ": ssh: connect to host 127.0.0.1 port " + closed
                    + ": Connection refused", e.getMessage());

            // the bastion is fine but the target behind it refuses
            ConnectionSpec nothingBehind = new Spec(target) {{
                port = closed;
                jumps = List.of(new Spec(bastion).build());
            }}.build();
            ConnectionException behind = assertThrows(ConnectionException.class, () -> f.open(nothingBehind));
            assertTrue(behind.getMessage().startsWith("Failed to connect to the host via ssh: channel 0: open failed:"
                    + " connect failed: "), behind.getMessage());
            assertTrue(behind.getMessage().contains("could not reach 127.0.0.1 port " + closed), behind.getMessage());
        }
    }

    @Test
    void forwardingRefusedByBastionIsReported() throws Exception {
        try (TestSshd strict = TestSshd.start("DisableForwarding yes");
             SshConnectionFactory f = factory()) {
            ConnectionSpec via = new Spec(target) {{ jumps = List.of(new Spec(strict).build()); }}.build();
            ConnectionException e = assertThrows(ConnectionException.class, () -> f.open(via));
            assertTrue(e.getMessage().startsWith("Failed to connect to the host via ssh: channel 0: open failed: "
                    + "administratively prohibited"), e.getMessage());
        }
    }

    // ---- ProxyCommand ----

    private static String sshW(TestSshd via, int targetPort) {
        return "exec ssh -W 127.0.0.1:" + targetPort + " -i " + via.clientKey + " -p " + via.port
                + " -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes -o LogLevel=ERROR "
                + System.getProperty("user.name") + "@127.0.0.1";
    }

    @Test
    void proxyCommandSshDashWReachesTargetAndEndsWithTheConnection() throws Exception {
        ConnectionSpec spec = new Spec(target) {{ proxyCommand = sshW(bastion, target.port); }}.build();
        try (SshConnectionFactory f = factory()) {
            long start = System.nanoTime();
            Connection c = f.open(spec);
            double ms = (System.nanoTime() - start) / 1e6;
            System.out.printf("SSH connect time per host through ProxyCommand 'ssh -W': %.1f ms (first),"
                    + " %.1f ms (mean of 5 more; one ssh process and bastion login each)%n", ms, connectMillis(f, spec));
            assertEquals("ok\n", c.exec(Command.of("echo ok")).stdout());
            assertTrue(bastion.owns(clientProcess(c)), "target was not reached through the bastion");
            assertTrue(proxyProcesses().count() >= 1);
            c.close();
            long end = System.nanoTime() + 5_000_000_000L;
            while (System.nanoTime() < end && proxyProcesses().findAny().isPresent()) {
                Thread.sleep(20);
            }
            assertFalse(proxyProcesses().findAny().isPresent(), "ProxyCommand still running after close");
        }
    }

    private static java.util.stream.Stream<ProcessHandle> proxyProcesses() {
        return ProcessHandle.current().descendants().filter(p -> p.isAlive()
                && p.info().commandLine().orElse("").contains(" -W 127.0.0.1:" + target.port));
    }

    @Test
    void failingProxyCommandShowsItsStderr() throws Exception {
        ConnectionSpec spec = new Spec(target) {{ proxyCommand = "echo 'bastion.example: no route' >&2; exit 255"; }}
                .build();
        try (SshConnectionFactory f = factory()) {
            ConnectionException e = assertThrows(ConnectionException.class, () -> f.open(spec));
            assertTrue(e.getMessage().startsWith("Failed to connect to the host via ssh: bastion.example: no route\n"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("exited with status 255"), e.getMessage());
        }
        // a real ssh -W to a dead port: ssh's own complaint comes through
        ConnectionSpec dead = new Spec(target) {{ proxyCommand = sshW(bastion, closedPort()); }}.build();
        try (SshConnectionFactory f = factory()) {
            ConnectionException e = assertThrows(ConnectionException.class, () -> f.open(dead));
            assertTrue(e.getMessage().startsWith("Failed to connect to the host via ssh: stdio forwarding failed\n"),
                    e.getMessage());
        }
    }

    // ---- ssh-agent ----

    /** A real ssh-agent in the foreground, stopped by its PID. */
    private static final class Agent implements AutoCloseable {
        final Path socket;
        final Process process;

        Agent(Path dir) throws Exception {
            socket = dir.resolve("agent.sock");
            process = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("agent.log").toFile()).start();
            long end = System.nanoTime() + 5_000_000_000L;
            while (!Files.exists(socket) && System.nanoTime() < end) {
                Thread.sleep(10);
            }
            assertTrue(Files.exists(socket), "ssh-agent did not start");
        }

        /** ssh-add with the passphrase given through SSH_ASKPASS (no terminal here). */
        void add(Path key, String passphrase, Path dir) throws Exception {
            ProcessBuilder pb = new ProcessBuilder("ssh-add", key.toString()).redirectErrorStream(true);
            pb.environment().put("SSH_AUTH_SOCK", socket.toString());
            if (passphrase != null) {
                Path askpass = dir.resolve("askpass.sh");
                Files.writeString(askpass, "#!/bin/sh\necho '" + passphrase + "'\n");
                askpass.toFile().setExecutable(true);
                pb.environment().put("SSH_ASKPASS", askpass.toString());
                pb.environment().put("SSH_ASKPASS_REQUIRE", "force");
                pb.environment().put("DISPLAY", "none");
            }
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.waitFor(), out);
        }

        @Override
        public void close() throws Exception {
            ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroy);
            process.waitFor();
        }
    }

    @Test
    void agentKeysAuthenticateWithNoKeyFileNamed() throws Exception {
        Path rsa = tmp.resolve("agent_rsa");
        TestSshd.run("ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-N", "", "-f", rsa.toString());
        target.authorize(Path.of(rsa + ".pub"));
        try (Agent sshAgent = new Agent(tmp); SshConnectionFactory f = factory()) {
            sshAgent.add(target.clientKey, null, tmp);
            ConnectionSpec spec = new Spec(target) {{ keys = List.of(); this.agent = sshAgent.socket; }}.build();
            try (Connection c = f.open(spec)) {
                assertEquals("ok\n", c.exec(Command.of("echo ok")).stdout());
            }
            // without the agent and without keys there is nothing to offer
            ConnectionSpec none = new Spec(target) {{ keys = List.of(); }}.build();
            assertThrows(ConnectionException.class, () -> f.open(none));

            // an RSA key in the agent signs with rsa-sha2 (OpenSSH 8.8+ refuses ssh-rsa SHA-1 signatures)
            try (Agent rsaOnly = new Agent(Files.createDirectory(tmp.resolve("rsa-agent")))) {
                rsaOnly.add(rsa, null, tmp);
                ConnectionSpec rsaSpec = new Spec(target) {{ keys = List.of(); agent = rsaOnly.socket; }}.build();
                try (Connection c = f.open(rsaSpec)) {
                    assertEquals("ok\n", c.exec(Command.of("echo ok")).stdout());
                }
            }

            // IdentitiesOnly: agent keys not matching a configured file are not offered
            ConnectionSpec only = new Spec(target) {{
                keys = List.of(target.otherKey);
                this.agent = sshAgent.socket;
                identitiesOnly = true;
            }}.build();
            ConnectionException e = assertThrows(ConnectionException.class, () -> f.open(only));
            assertTrue(e.getMessage().endsWith("Permission denied (publickey)."), e.getMessage());
            ConnectionSpec notOnly = new Spec(target) {{ keys = List.of(target.otherKey); this.agent = sshAgent.socket; }}
                    .build();
            try (Connection c = f.open(notOnly)) {
                assertEquals(0, c.exec(Command.of("true")).exitCode());
            }
        }
    }

    // ---- key files ----

    /** A prompt that answers {@code passphrase} and counts how often it was asked. */
    private record CountingPrompt(String passphrase, AtomicInteger asked) implements PasswordPrompt {
        CountingPrompt(String passphrase) {
            this(passphrase, new AtomicInteger());
        }

        @Override
        public char[] ask(String prompt) {
            asked.incrementAndGet();
            assertTrue(prompt.startsWith("Enter passphrase for key '"), prompt);
            return passphrase == null ? null : passphrase.toCharArray();
        }
    }

    private Path key(String name, String type, String format, String passphrase) throws Exception {
        Path k = tmp.resolve(name);
        List<String> cmd = new ArrayList<>(List.of("ssh-keygen", "-q", "-t", type, "-N", passphrase, "-f",
                k.toString()));
        if (type.equals("rsa")) {
            cmd.addAll(List.of("-b", "2048"));
        }
        if (format != null) {
            cmd.addAll(List.of("-m", format));
        }
        TestSshd.run(cmd.toArray(String[]::new));
        target.authorize(Path.of(k + ".pub"));
        return k;
    }

    @Test
    void keyFilesInEveryFormatPlainAndEncrypted() throws Exception {
        List<Path> plain = List.of(
                key("ed_openssh", "ed25519", null, ""),
                key("ec_pem", "ecdsa", "PEM", ""),
                key("rsa_pem", "rsa", "PEM", ""),
                key("rsa_pkcs8", "rsa", "PKCS8", ""),
                key("ec_pkcs8", "ecdsa", "PKCS8", ""));
        List<Path> encrypted = List.of(
                key("ed_openssh_enc", "ed25519", null, "s3cret"),
                key("ec_openssh_enc", "ecdsa", null, "s3cret"),
                key("ec_pem_enc", "ecdsa", "PEM", "s3cret"),
                key("rsa_pem_enc", "rsa", "PEM", "s3cret"),
                key("rsa_pkcs8_enc", "rsa", "PKCS8", "s3cret"));
        CountingPrompt prompt = new CountingPrompt("s3cret");
        try (SshConnectionFactory f = new SshConnectionFactory(home, 8, 4, prompt)) {
            for (Path k : plain) {
                try (Connection c = f.open(new Spec(target).keys(k).build())) {
                    assertEquals(0, c.exec(Command.of("true")).exitCode(), k.toString());
                }
            }
            assertEquals(0, prompt.asked().get());
            for (Path k : encrypted) {
                try (Connection c = f.open(new Spec(target).keys(k).build())) {
                    assertEquals(0, c.exec(Command.of("true")).exitCode(), k.toString());
                }
            }
            assertEquals(encrypted.size(), prompt.asked().get());
            // decrypted once per run: more hosts with the same keys ask nothing
            for (Path k : encrypted) {
                f.open(new Spec(target).keys(k).build()).close();
            }
            assertEquals(encrypted.size(), prompt.asked().get());
        }
        // without the .pub beside it, an encrypted OpenSSH key still shows its public half before decrypting:
        // a key the server refuses is never decrypted
        Path lonely = key("lonely_enc", "ed25519", null, "s3cret");
        Files.delete(Path.of(lonely + ".pub"));
        CountingPrompt notAsked = new CountingPrompt("s3cret");
        try (SshConnectionFactory f = new SshConnectionFactory(home, 8, 4, notAsked)) {
            assertThrows(ConnectionException.class, () -> f.open(new Spec(bastion).keys(lonely).build()));
            assertEquals(0, notAsked.asked().get());
            f.open(new Spec(target).keys(lonely).build()).close();
            assertEquals(1, notAsked.asked().get());
        }
    }

    @Test
    void encryptedKeyWithoutPassphraseFailsClearly() throws Exception {
        Path k = key("enc_batch", "ed25519", null, "s3cret");
        CountingPrompt prompt = new CountingPrompt("s3cret");
        try (SshConnectionFactory f = new SshConnectionFactory(home, 8, 4, prompt)) {
            ConnectionSpec batch = new Spec(target) {{ keys = List.of(k); this.batch = true; }}.build();
            ConnectionException e = assertThrows(ConnectionException.class, () -> f.open(batch));
            assertEquals("Failed to connect to the host via ssh: Load key \"" + k + "\": the key is encrypted, and"
                    + " BatchMode forbids asking for its passphrase (add it to ssh-agent, or leave BatchMode off)\n"
                    + System.getProperty("user.name") + "@127.0.0.1: Permission denied (publickey).", e.getMessage());
            assertEquals(0, prompt.asked().get());
        }
        try (SshConnectionFactory f = new SshConnectionFactory(home, 8, 4, PasswordPrompt.NONE)) {
            ConnectionException e = assertThrows(ConnectionException.class,
                    () -> f.open(new Spec(target).keys(k).build()));
            assertTrue(e.getMessage().contains("the key is encrypted and no passphrase could be asked for"),
                    e.getMessage());
        }
        CountingPrompt wrong = new CountingPrompt("wrong");
        try (SshConnectionFactory f = new SshConnectionFactory(home, 8, 4, wrong)) {
            ConnectionException e = assertThrows(ConnectionException.class,
                    () -> f.open(new Spec(target).keys(k).build()));
            assertTrue(e.getMessage().contains("Load key \"" + k + "\": incorrect passphrase supplied to decrypt"
                    + " private key"), e.getMessage());
            assertEquals(3, wrong.asked().get());
        }
    }

    @Test
    void encryptedKeyHeldByTheAgentIsNotDecrypted() throws Exception {
        Path k = key("enc_agent", "ed25519", null, "s3cret");
        CountingPrompt prompt = new CountingPrompt(null);
        try (Agent sshAgent = new Agent(tmp); SshConnectionFactory f = new SshConnectionFactory(home, 8, 4, prompt)) {
            sshAgent.add(k, "s3cret", tmp);
            ConnectionSpec spec = new Spec(target) {{
                keys = List.of(k);
                this.agent = sshAgent.socket;
                identitiesOnly = true;
                batch = true;
            }}.build();
            try (Connection c = f.open(spec)) {
                assertEquals(0, c.exec(Command.of("true")).exitCode());
            }
            assertEquals(0, prompt.asked().get());
        }
    }

    // ---- passwords ----

    @Test
    void passwordAndToggles() throws Exception {
        String login = "drpw" + ProcessHandle.current().pid();
        String secret = "pa ss'w0rd";
        TestSshd.run("useradd", "-m", "-s", "/bin/sh", login);
        try (TestSshd pw = TestSshd.start("PasswordAuthentication yes", "MaxAuthTries 10");
             SshConnectionFactory f = factory()) {
            Process chpasswd = new ProcessBuilder("chpasswd").start();
            chpasswd.getOutputStream().write((login + ":" + secret + "\n").getBytes());
            chpasswd.getOutputStream().close();
            assertEquals(0, chpasswd.waitFor());

            ConnectionSpec ok = new Spec(pw) {{
                this.user = login;
                keys = List.of();
                this.password = secret;
            }}.build();
            try (Connection c = f.open(ok)) {
                assertEquals(login + "\n", c.exec(Command.of("id -un")).stdout());
            }
            ConnectionSpec bad = new Spec(pw) {{ this.user = login; keys = List.of(); this.password = "nope"; }}.build();
            ConnectionException e = assertThrows(ConnectionException.class, () -> f.open(bad));
            assertEquals("Failed to connect to the host via ssh: " + login + "@127.0.0.1: Permission denied"
                    + " (publickey,password).", e.getMessage());
            ConnectionSpec off = new Spec(pw) {{
                this.user = login;
                keys = List.of();
                this.password = secret;
                passwordAuth = false;
            }}.build();
            assertThrows(ConnectionException.class, () -> f.open(off));
            assertFalse(ok.toString().contains(secret));
        } finally {
            TestSshd.run("userdel", "-r", login);
        }
    }

    @Test
    void pubkeyToggleOffOffersNoKeys() throws Exception {
        ConnectionSpec off = new Spec(target) {{ pubkey = false; }}.build();
        try (SshConnectionFactory f = factory()) {
            assertThrows(ConnectionException.class, () -> f.open(off));
        }
    }

    // ---- host keys ----

    @Test
    void acceptNewRecordsUnknownKeysPlainOrHashed() throws Exception {
        for (boolean hashed : List.of(false, true)) {
            Path kh = tmp.resolve("kh_" + hashed);
            Path second = tmp.resolve("second_" + hashed);
            ConnectionSpec acceptNew = new Spec(target) {{
                hostKeyChecking = true;
                knownHosts = List.of(kh, second);
                this.acceptNew = true;
                hashKnownHosts = hashed;
            }}.build();
            try (SshConnectionFactory f = factory()) {
                f.open(acceptNew).close();
            }
            String written = Files.readString(kh);
            assertEquals(hashed, written.startsWith("|1|"), written);
            assertFalse(Files.exists(second), "only the first file is written");
            // OpenSSH itself finds the recorded key
            String found = TestSshd.output("ssh-keygen", "-F", "[127.0.0.1]:" + target.port, "-f", kh.toString());
            assertTrue(found.contains(target.hostPublicKey().split(" ")[1]), found);
            // now known: strict checking passes, and nothing more is written
            ConnectionSpec strict = new Spec(target) {{ hostKeyChecking = true; knownHosts = List.of(kh); }}.build();
            try (SshConnectionFactory f = factory()) {
                f.open(strict).close();
                f.open(acceptNew).close();
            }
            assertEquals(written, Files.readString(kh));
        }
    }

    @Test
    void acceptNewRefusesAChangedKey() throws Exception {
        Path impostor = TestSshd.keygen(tmp.resolve("impostor"));
        String[] pub = Files.readString(Path.of(impostor + ".pub")).split(" ");
        Path kh = tmp.resolve("known_hosts");
        String content = "# comment\n\n[127.0.0.1]:" + target.port + " " + pub[0] + " " + pub[1] + "\n";
        Files.writeString(kh, content);
        ConnectionSpec acceptNew = new Spec(target) {{
            hostKeyChecking = true;
            knownHosts = List.of(kh);
            this.acceptNew = true;
        }}.build();
        try (SshConnectionFactory f = factory()) {
            ConnectionException e = assertThrows(ConnectionException.class, () -> f.open(acceptNew));
            assertTrue(e.getMessage().contains("Offending ED25519 key in " + kh + ":3\n"), e.getMessage());
            assertTrue(e.getMessage().endsWith("Host key verification failed."), e.getMessage());
        }
        assertEquals(content, Files.readString(kh));
    }

    @Test
    void hostKeyAliasAndSeveralFilesAndDevNull() throws Exception {
        Path kh = tmp.resolve("aliased");
        Files.writeString(kh, "other,my-alias " + target.hostPublicKey() + "\n");
        ConnectionSpec aliased = new Spec(target) {{
            hostKeyChecking = true;
            knownHosts = List.of(Path.of("/dev/null"), tmp.resolve("absent"), kh);
            hostKeyAlias = "my-alias";
        }}.build();
        ConnectionSpec negated = new Spec(target) {{
            hostKeyChecking = true;
            knownHosts = List.of(kh);
            hostKeyAlias = "my-alias";
        }}.build();
        try (SshConnectionFactory f = factory()) {
            f.open(aliased).close();
            Files.writeString(kh, "*-alias,!my-alias " + target.hostPublicKey() + "\n");
            ConnectionException e = assertThrows(ConnectionException.class, () -> f.open(negated));
            assertTrue(e.getMessage().contains("No ED25519 host key is known for my-alias"), e.getMessage());
            ConnectionSpec devNull = new Spec(target) {{
                hostKeyChecking = true;
                knownHosts = List.of(Path.of("/dev/null"));
            }}.build();
            ConnectionException none = assertThrows(ConnectionException.class, () -> f.open(devNull));
            assertTrue(none.getMessage().contains("known_hosts files consulted: /dev/null."), none.getMessage());
        }
    }

    // ---- attempts, keepalive, compression ----

    @Test
    void connectionAttemptsRetryOncePerSecond() throws Exception {
        int closed = closedPort();
        ConnectionSpec spec = new Spec(target) {{ port = closed; attempts = 3; }}.build();
        try (SshConnectionFactory f = factory()) {
            long start = System.nanoTime();
            ConnectionException e = assertThrows(ConnectionException.class, () -> f.open(spec));
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ms >= 2000 && ms < 4000, ms + " ms");
            assertTrue(e.getMessage().endsWith("Connection refused"), e.getMessage());
        }
    }

    @Test
    void keepalivesAndCompressionReachTheServer() throws Exception {
        ConnectionSpec spec = new Spec(target) {{ aliveInterval = Duration.ofSeconds(1); compression = true; }}
                .build();
        try (SshConnectionFactory f = factory(); Connection c = f.open(spec)) {
            byte[] big = new byte[1 << 20];
            c.put(big, tmp + "/zeros", 0600);
            assertEquals(big.length, c.get(tmp + "/zeros").length);
            Thread.sleep(2500);
            assertEquals("ok\n", c.exec(Command.of("echo ok")).stdout());
        }
        String log = target.log();
        assertTrue(log.contains("compression: zlib@openssh.com"), "no compression negotiated");
        assertTrue(log.contains("rtype keepalive@openssh.com"), "no keepalive seen");
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
