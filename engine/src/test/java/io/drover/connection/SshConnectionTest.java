package io.drover.connection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SshConnection} against a real OpenSSH server started by the test. */
class SshConnectionTest {

    private static TestSshd sshd;
    private static SshConnectionFactory factory;
    private static SshConnection conn;
    private static Path home;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startServer() throws Exception {
        sshd = TestSshd.start();
        home = Files.createTempDirectory("drover-home");
        factory = new SshConnectionFactory(home, 8);
        conn = (SshConnection) factory.open(sshd.spec(sshd.clientKey, false, List.of()));
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (conn != null) {
            conn.close();
        }
        if (sshd != null) {
            sshd.close();
        }
        if (home != null) {
            Files.deleteIfExists(home);
        }
    }

    @Test
    void runsCommandsWithExitCodesAndBothStreams() throws Exception {
        assertEquals(new CommandResult(0, "hello\n", ""), conn.exec(Command.of("echo hello")));
        assertEquals(new CommandResult(3, "", "oops\n"), conn.exec(Command.of("echo oops >&2; exit 3")));
        // the script runs under /bin/sh whatever the login shell; quoting survives the trip
        CommandResult r = conn.exec(Command.of("printf '%s|' \"it's\" 'a \"b\"' $((1+2))"));
        assertEquals("it's|a \"b\"|3|", r.stdout());
        assertEquals("testhost", conn.describe());
    }

    @Test
    void feedsStdinAndClosesIt() throws Exception {
        CommandResult r = conn.exec(new Command("tr a-z A-Z; echo done", "abc\nxyz".getBytes(), Map.of()));
        assertEquals("ABC\nXYZdone\n", r.stdout());
        // a command that ignores its stdin must not hang or fail
        assertEquals(0, conn.exec(new Command("true", new byte[1 << 20], Map.of())).exitCode());
    }

    @Test
    void exportsEnvironmentWithoutAcceptEnv() throws Exception {
        CommandResult r = conn.exec(new Command("echo \"$GREETING/$OTHER\"",
                null, Map.of("GREETING", "it's a $HOME `x`", "OTHER", "2")));
        assertEquals("it's a $HOME `x`/2\n", r.stdout());
        assertThrows(IllegalArgumentException.class,
                () -> conn.exec(new Command("true", null, Map.of("BAD-NAME", "x"))));
    }

    @Test
    void largeOutputOnBothStreamsAndLargeStdinDoNotDeadlock() throws Exception {
        CommandResult r = conn.exec(Command.of("head -c 10485760 /dev/zero | tr '\\0' a; head -c 2097152 /dev/zero >&2"));
        assertEquals(0, r.exitCode());
        assertEquals(10 * 1024 * 1024, r.stdout().length());
        assertEquals(2 * 1024 * 1024, r.stderr().length());
        byte[] input = new byte[10 * 1024 * 1024];
        Arrays.fill(input, (byte) 'x');
        // cat echoes everything back while we are still writing: only works if stdin and stdout flow together
        CommandResult echo = conn.exec(new Command("cat", input, Map.of()));
        assertEquals(input.length, echo.stdout().length());
    }

    @Test
    void signalGivesMinusOneAndSaysWhich() throws Exception {
        CommandResult r = conn.exec(Command.of("echo before; kill -9 $$"));
        assertEquals(-1, r.exitCode());
        assertEquals("before\n", r.stdout());
        assertTrue(r.stderr().contains("Killed by signal KILL"), r.stderr());
    }

    @Test
    void manyConcurrentCommandsShareOneConnection() throws Exception {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<CommandResult>> results = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String n = String.valueOf(i);
                results.add(pool.submit(() -> conn.exec(Command.of("sleep 0.2; echo " + n))));
            }
            for (int i = 0; i < 20; i++) {
                assertEquals(new CommandResult(0, i + "\n", ""), results.get(i).get());
            }
        }
    }

    @Test
    void putIsAtomicSetsModeAndGetReadsBack() throws Exception {
        String dir = tmp.toString();
        String target = dir + "/file.txt";
        conn.put("first\n".getBytes(), target, 0640);
        assertEquals("first\n", new String(conn.get(target)));
        assertEquals("640\n", conn.exec(Command.of("stat -c %a " + target)).stdout());

        // replacing goes through a rename: a reader holding the old file keeps seeing the old content (new inode)
        assertTrue(conn.hasPosixRename(), "OpenSSH's sftp offers posix-rename: no exec needed to replace a file");
        String inodeBefore = conn.exec(Command.of("stat -c %i " + target)).stdout();
        byte[] big = new byte[3 * 1024 * 1024 + 7];
        new java.util.Random(1).nextBytes(big);
        conn.put(big, target, 0755);
        assertArrayEquals(big, conn.get(target));
        assertEquals("755\n", conn.exec(Command.of("stat -c %a " + target)).stdout());
        assertFalse(inodeBefore.equals(conn.exec(Command.of("stat -c %i " + target)).stdout()));
        // no temporary files left behind
        assertEquals("file.txt\n", conn.exec(Command.of("ls -A " + dir)).stdout());
    }

    @Test
    void concurrentPutsAndGets() throws Exception {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<byte[]>> results = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String path = tmp + "/f" + i;
                byte[] content = ("content " + i).getBytes();
                results.add(pool.submit(() -> {
                    conn.put(content, path, 0600);
                    return conn.get(path);
                }));
            }
            for (int i = 0; i < 12; i++) {
                assertEquals("content " + i, new String(results.get(i).get()));
            }
        }
    }

    @Test
    void fileErrorsAreNotUnreachable() {
        RemoteFileException missing = assertThrows(RemoteFileException.class, () -> conn.get(tmp + "/nope"));
        assertEquals(tmp + "/nope: No such file or directory", missing.getMessage());
        assertThrows(RemoteFileException.class, () -> conn.put("x".getBytes(), tmp + "/no/such/dir/f", 0644));
    }

    @Test
    void socketHasTcpNoDelay() throws Exception {
        assertTrue(conn.tcpNoDelay());
    }

    @Test
    void hostKeyCheckingAcceptsKnownKeyPlainOrHashed() throws Exception {
        Path kh = tmp.resolve("known_hosts");
        Files.writeString(kh, "[127.0.0.1]:" + sshd.port + " " + sshd.hostPublicKey() + "\n");
        try (Connection c = factory.open(sshd.spec(sshd.clientKey, true, List.of(tmp.resolve("absent"), kh)))) {
            assertEquals("ok\n", c.exec(Command.of("echo ok")).stdout());
        }
        TestSshd.run("ssh-keygen", "-q", "-H", "-f", kh.toString());
        assertTrue(Files.readString(kh).startsWith("|1|"));
        try (Connection c = factory.open(sshd.spec(sshd.clientKey, true, List.of(kh)))) {
            assertEquals("ok\n", c.exec(Command.of("echo ok")).stdout());
        }
    }

    @Test
    void hostKeyCheckingRejectsUnknownAndChangedKeys() throws Exception {
        Path empty = tmp.resolve("empty_known_hosts");
        Files.writeString(empty, "");
        ConnectionException unknown = assertThrows(ConnectionException.class,
                () -> factory.open(sshd.spec(sshd.clientKey, true, List.of(empty))));
        String fingerprint = TestSshd.fingerprint(Path.of(sshd.hostKey + ".pub"));
        assertTrue(unknown.getMessage().startsWith("Failed to connect to the host via ssh: No ED25519 host key is known"
                + " for [127.0.0.1]:" + sshd.port + " and you have requested strict checking.\n"), unknown.getMessage());
        assertTrue(unknown.getMessage().contains("ED25519 key " + fingerprint + "; known_hosts files consulted: "
                + empty + ".\nTo trust it, add it to " + empty), unknown.getMessage());
        assertTrue(unknown.getMessage().endsWith("\nHost key verification failed."), unknown.getMessage());

        Path wrongKey = TestSshd.keygen(tmp.resolve("impostor"));
        String[] pub = Files.readString(Path.of(wrongKey + ".pub")).split(" ");
        Path wrong = tmp.resolve("wrong_known_hosts");
        Files.writeString(wrong, "[127.0.0.1]:" + sshd.port + " " + pub[0] + " " + pub[1] + "\n");
        ConnectionException changed = assertThrows(ConnectionException.class,
                () -> factory.open(sshd.spec(sshd.clientKey, true, List.of(wrong))));
        assertTrue(changed.getMessage().startsWith("Failed to connect to the host via ssh: @@@@"), changed.getMessage());
        assertTrue(changed.getMessage().contains("WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!"));
        assertTrue(changed.getMessage().contains("The fingerprint for the ED25519 key sent by the remote host is\n"
                + fingerprint + ".\n"), changed.getMessage());
        assertTrue(changed.getMessage().endsWith("Offending ED25519 key in " + wrong + ":1\nHost key for [127.0.0.1]:"
                + sshd.port + " has changed and you have requested strict checking.\nHost key verification failed."),
                changed.getMessage());

        // checking off: any key is accepted
        try (Connection c = factory.open(sshd.spec(sshd.clientKey, false, List.of(wrong)))) {
            assertEquals(0, c.exec(Command.of("true")).exitCode());
        }
    }

    @Test
    void refusedPortIsUnreachableInAnsibleWords() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        ConnectionSpec spec = new ConnectionSpec("ssh", "h", "127.0.0.1", closed, "root",
                List.of(sshd.clientKey), null, false, List.of(), Duration.ofSeconds(2));
        ConnectionException e = assertThrows(ConnectionException.class, () -> factory.open(spec));
        assertEquals("Failed to connect to the host via ssh: ssh: connect to host 127.0.0.1 port " + closed
                + ": Connection refused", e.getMessage());
    }

    @Test
    void unresolvableNameIsUnreachableInAnsibleWords() {
        ConnectionSpec spec = new ConnectionSpec("ssh", "h", "bad.invalid", 22, "root",
                List.of(sshd.clientKey), null, false, List.of(), Duration.ofSeconds(2));
        ConnectionException e = assertThrows(ConnectionException.class, () -> factory.open(spec));
        assertEquals("Failed to connect to the host via ssh: ssh: Could not resolve hostname bad.invalid: "
                + "Name or service not known", e.getMessage());
    }

    @Test
    void silentServerTimesOutDuringBannerExchange() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread acceptor = Thread.ofVirtual().start(() -> {
                try (Socket s = silent.accept()) {
                    Thread.sleep(5000);
                } catch (IOException | InterruptedException ignored) {
                    // the test is over
                }
            });
            ConnectionSpec spec = new ConnectionSpec("ssh", "h", "127.0.0.1", silent.getLocalPort(), "root",
                    List.of(sshd.clientKey), null, false, List.of(), Duration.ofMillis(500));
            long start = System.nanoTime();
            ConnectionException e = assertThrows(ConnectionException.class, () -> factory.open(spec));
            assertTrue(System.nanoTime() - start < 3_000_000_000L, "took too long");
            assertTrue(e.getMessage().startsWith(
                    "Failed to connect to the host via ssh: Connection timed out during banner exchange"), e.getMessage());
            acceptor.interrupt();
        }
    }

    @Test
    void wrongKeyIsPermissionDenied() {
        ConnectionException e = assertThrows(ConnectionException.class,
                () -> factory.open(sshd.spec(sshd.otherKey, false, List.of())));
        assertEquals("Failed to connect to the host via ssh: " + System.getProperty("user.name")
                + "@127.0.0.1: Permission denied (publickey).", e.getMessage());
    }

    @Test
    void missingOrBrokenKeyFileIsReportedClearly() throws Exception {
        Path missing = tmp.resolve("no_such_key");
        ConnectionException e = assertThrows(ConnectionException.class,
                () -> factory.open(sshd.spec(missing, false, List.of())));
        assertEquals("Failed to connect to the host via ssh: no such identity: " + missing
                + ": No such file or directory", e.getMessage());

        Path garbage = tmp.resolve("garbage_key");
        Files.writeString(garbage, "not a key\n");
        ConnectionException bad = assertThrows(ConnectionException.class,
                () -> factory.open(sshd.spec(garbage, false, List.of())));
        assertTrue(bad.getMessage().startsWith("Failed to connect to the host via ssh: Load key \"" + garbage + "\": "),
                bad.getMessage());
        assertTrue(bad.getMessage().endsWith("Permission denied (publickey)."), bad.getMessage());
    }

    @Test
    void defaultKeysFromHomeAreUsedWhenNoneGiven() throws Exception {
        Path otherHome = tmp.resolve("home");
        Files.createDirectories(otherHome.resolve(".ssh"));
        Files.copy(sshd.clientKey, otherHome.resolve(".ssh/id_ed25519"));
        try (SshConnectionFactory f = new SshConnectionFactory(otherHome, 8);
             Connection c = f.open(sshd.spec(null, false, List.of()))) {
            assertEquals("ok\n", c.exec(Command.of("echo ok")).stdout());
        }
    }

    @Test
    void sequentialCommandLatencyIsPrinted() throws Exception {
        conn.exec(Command.of("true"));
        int n = 200;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            assertEquals(0, conn.exec(Command.of("true")).exitCode());
        }
        double perCommandMs = (System.nanoTime() - start) / 1e6 / n;
        System.out.printf("SSH latency: %d sequential 'true' execs, %.2f ms per command (TCP_NODELAY on)%n",
                n, perCommandMs);
        assertTrue(perCommandMs > 0);
    }

    @Test
    void connectionFactoriesFindBothTypesByServiceLoader() throws Exception {
        try (ConnectionFactories all = ConnectionFactories.load()) {
            assertTrue(all.types().containsAll(List.of("ssh", "smart", "paramiko", "local")), all.types().toString());
            assertTrue(all.forType("smart") instanceof SshConnectionFactory);
            assertTrue(all.forType("local") instanceof LocalConnectionFactory);
            io.drover.error.DroverException e = assertThrows(io.drover.error.DroverException.class,
                    () -> all.forType("foo"));
            assertEquals("the connection plugin 'foo' was not found", e.getMessage());
        }
    }
}
