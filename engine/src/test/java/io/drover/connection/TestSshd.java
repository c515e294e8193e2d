package io.drover.connection;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A throwaway OpenSSH server on 127.0.0.1 for tests: its own host key, one authorised client key, and a config that
 * needs nothing from the machine but {@code /usr/sbin/sshd} and {@code ssh-keygen}. Stopped by its PID.
 *
 * <p>{@code SetEnv SHLVL=1}: sshd runs commands through the user's login shell; root's is bash, and Debian's bash
 * sources ~/.bashrc when started by sshd at shell level 1 (measured here: ~155 ms per command instead of ~7 ms, as
 * root's bashrc runs pyenv init). Starting at level 2 skips it, so the tests measure the transport, not the test
 * machine's bashrc.
 */
final class TestSshd implements AutoCloseable {

    final Path dir;
    final Path hostKey;
    final Path clientKey;
    final Path otherKey;
    final int port;
    private final Process process;

    private TestSshd(Path dir, Path hostKey, Path clientKey, Path otherKey, int port, Process process) {
        this.dir = dir;
        this.hostKey = hostKey;
        this.clientKey = clientKey;
        this.otherKey = otherKey;
        this.port = port;
        this.process = process;
    }

    static TestSshd start() throws IOException, InterruptedException {
        return start(new String[0]);
    }

    /** A server whose config starts with {@code extraConfig} lines (sshd takes the first value of a keyword). */
    static TestSshd start(String... extraConfig) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("drover-sshd");
        Path hostKey = keygen(dir.resolve("host_key"));
        Path clientKey = keygen(dir.resolve("client_key"));
        Path otherKey = keygen(dir.resolve("other_key"));
        Files.copy(dir.resolve("client_key.pub"), dir.resolve("authorized_keys"));
        // sshd insists on its privilege separation directory even when run by hand
        Files.createDirectories(Path.of("/run/sshd"));
        Path config = dir.resolve("sshd_config");
        Files.writeString(config, String.join("\n", extraConfig) + "\n" + String.join("\n",
                "ListenAddress 127.0.0.1",
                "HostKey " + hostKey,
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "StrictModes no",
                "PidFile none",
                "UsePAM no",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PermitRootLogin prohibit-password",
                "SetEnv SHLVL=1",
                "Subsystem sftp internal-sftp",
                "LogLevel ERROR",
                ""));
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = freePort();
            Process p = new ProcessBuilder("/usr/sbin/sshd", "-D", "-e", "-f", config.toString(),
                    "-p", String.valueOf(port))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("sshd.log").toFile())
                    .start();
            if (awaitListening(port, p, Duration.ofSeconds(5))) {
                return new TestSshd(dir, hostKey, clientKey, otherKey, port, p);
            }
            p.destroy();
            p.waitFor();
            last = new IOException("sshd did not start: " + Files.readString(dir.resolve("sshd.log")));
        }
        throw last;
    }

    /** Everything sshd logged so far. */
    String log() throws IOException {
        return Files.readString(dir.resolve("sshd.log"));
    }

    /** Whether the process {@code pid} is this sshd or one of its per-connection children. */
    boolean owns(long pid) {
        for (var h = ProcessHandle.of(pid); h.isPresent(); h = h.get().parent()) {
            if (h.get().pid() == process.pid()) {
                return true;
            }
        }
        return false;
    }

    /** Authorises one more client key (sshd reads the file at each login). */
    void authorize(Path publicKey) throws IOException {
        Files.writeString(dir.resolve("authorized_keys"), Files.readString(publicKey),
                java.nio.file.StandardOpenOption.APPEND);
    }

    /** The host's public key line ({@code type base64}) from its .pub file. */
    String hostPublicKey() throws IOException {
        String[] parts = Files.readString(Path.of(hostKey + ".pub")).trim().split("\\s+");
        return parts[0] + " " + parts[1];
    }

    ConnectionSpec spec(Path key, boolean hostKeyChecking, List<Path> knownHosts) {
        return new ConnectionSpec("ssh", "testhost", "127.0.0.1", port, System.getProperty("user.name"),
                key == null ? List.of() : List.of(key), null, hostKeyChecking, knownHosts, Duration.ofSeconds(5));
    }

    static Path keygen(Path file) throws IOException, InterruptedException {
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "drover-test", "-f", file.toString());
        return file;
    }

    /** OpenSSH's SHA256 fingerprint of a public key file, as ssh-keygen prints it. */
    static String fingerprint(Path pub) throws IOException, InterruptedException {
        return output("ssh-keygen", "-l", "-E", "sha256", "-f", pub.toString()).split("\\s+")[1];
    }

    /** Runs a command, failing unless it exits 0; returns its output. */
    static String output(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static boolean awaitListening(int port, Process p, Duration max) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < end && p.isAlive()) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        return false;
    }

    /** Stops sshd by its PID and removes its files. */
    @Override
    public void close() throws IOException, InterruptedException {
        // let per-connection sshd children finish first: killed before them, sshd could not reap them and they
        // would linger as zombies under PID 1 (which does not reap in this container)
        long end = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < end && process.toHandle().children().anyMatch(ProcessHandle::isAlive)) {
            Thread.sleep(20);
        }
        ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroy);
        process.waitFor();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
