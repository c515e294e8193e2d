package io.drover.it;

import static io.drover.it.ConnectionCase.fleetKnownHosts;
import static io.drover.it.ConnectionCase.q;
import static io.drover.it.Fleet.GATEWAY_ADDRESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How both tools log in: key files of every type and format, a real ssh-agent started by the test (no key named
 * anywhere), an encrypted key used through the agent, passwords on h1's password-only port, and the failures
 * (wrong key, wrong or missing password, refused port), which are UNREACHABLE with exit code 4 while the other
 * hosts carry on.
 */
@ExtendWith(FleetExtension.class)
class AuthDifferentialTest {

    private static final String PASSPHRASE = "drover-test-passphrase";

    @TempDir
    Path dir;

    /** A private key file with OpenSSH's required mode 0600. */
    private Path privateCopy(Path key, String name) throws IOException {
        Path copy = dir.resolve(name);
        Files.copy(key, copy);
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-------"));
        return copy;
    }

    private static void run(ProcessRunner command) {
        ProcessResult r = command.withTimeout(Duration.ofSeconds(30)).run();
        assertEquals(0, r.exitCode(), r.describe());
    }

    /** h1 and h2, user drover, no key named: whatever logs in must come from elsewhere (the agent). */
    private static String noKeyInventory(Fleet fleet) {
        return """
                all:
                  hosts:
                    h1:
                      ansible_host: %s
                    h2:
                      ansible_host: %s
                  vars:
                    ansible_user: drover
                    ansible_ssh_common_args: %s
                """.formatted(fleet.host("h1").address(), fleet.host("h2").address(), q(fleetKnownHosts(fleet)));
    }

    /**
     * Key files in each format OpenSSH reads: OpenSSH's own, PEM (traditional) and PKCS#8, for ed25519, ECDSA and
     * RSA (ssh-keygen writes ed25519 only in OpenSSH's format).
     */
    @ParameterizedTest
    @CsvSource({"ed25519,RFC4716", "rsa,RFC4716", "rsa,PEM", "rsa,PKCS8", "ecdsa,RFC4716", "ecdsa,PEM", "ecdsa,PKCS8"})
    void keyFileFormats(String type, String format, Fleet fleet, AnsibleRunner ansible, DroverRunner drover)
            throws IOException {
        Path key = privateCopy(fleet.clientKey(type), "key_" + type + "_" + format);
        // -m RFC4716 writes a private key in OpenSSH's own format.
        run(ProcessRunner.of("ssh-keygen", "-q", "-p", "-P", "", "-N", "", "-m", format, "-f", key.toString()));
        String head = Files.readString(key).lines().findFirst().orElse("");
        assertTrue(head.contains(switch (format) {
            case "PEM" -> type.equals("rsa") ? "BEGIN RSA PRIVATE KEY" : "BEGIN EC PRIVATE KEY";
            case "PKCS8" -> "BEGIN PRIVATE KEY";
            default -> "BEGIN OPENSSH PRIVATE KEY";
        }), "ssh-keygen wrote " + head);
        new ConnectionCase(fleet, dir, type + " key in " + format + " format")
                .inventory("""
                        all:
                          hosts:
                            h1:
                              ansible_host: %s
                          vars:
                            ansible_user: drover
                            ansible_ssh_private_key_file: %s
                            ansible_ssh_common_args: %s
                        """.formatted(fleet.host("h1").address(), key, q(fleetKnownHosts(fleet) + " -o IdentitiesOnly=yes")))
                .reaches("h1", "h1", GATEWAY_ADDRESS)
                .verify(ansible, drover);
    }

    /**
     * A real ssh-agent ({@code ssh-agent -D -a sock}, killed by its PID afterwards) holding the fleet key; the
     * inventory names no key. Without SSH_AUTH_SOCK the same inventory cannot log in, so the agent did it.
     */
    @Test
    void sshAgent(Fleet fleet, AnsibleRunner ansible, DroverRunner drover) throws Exception {
        try (Agent agent = Agent.start(dir)) {
            agent.add(fleet.privateKey(), null);
            new ConnectionCase(fleet, dir, "ssh-agent")
                    .inventory(noKeyInventory(fleet))
                    .env("SSH_AUTH_SOCK", agent.socket().toString())
                    .reaches("h1", "h1", GATEWAY_ADDRESS)
                    .reaches("h2", "h2", GATEWAY_ADDRESS)
                    .verify(ansible, drover);
        }
        new ConnectionCase(fleet, dir, "no agent, no key")
                .inventory(noKeyInventory(fleet))
                .unreachable("h1")
                .unreachable("h2")
                .verify(ansible, drover);
    }

    /**
     * An encrypted key named in the inventory, its passphrase known only to the agent: ansible-core (ssh) signs with
     * the agent's copy of that key; Drover must do the same rather than prompt for the passphrase.
     */
    @Test
    void encryptedKeyThroughTheAgent(Fleet fleet, AnsibleRunner ansible, DroverRunner drover) throws Exception {
        Path encrypted = privateCopy(fleet.privateKey(), "encrypted_key");
        run(ProcessRunner.of("ssh-keygen", "-q", "-p", "-P", "", "-N", PASSPHRASE, "-f", encrypted.toString()));
        assertTrue(Files.readString(encrypted).contains("BEGIN OPENSSH PRIVATE KEY"));
        try (Agent agent = Agent.start(dir)) {
            agent.add(encrypted, PASSPHRASE);
            new ConnectionCase(fleet, dir, "encrypted key through the agent")
                    .inventory("""
                            all:
                              hosts:
                                h1:
                                  ansible_host: %s
                              vars:
                                ansible_user: drover
                                ansible_ssh_private_key_file: %s
                                ansible_ssh_common_args: %s
                            """.formatted(fleet.host("h1").address(), encrypted,
                            q(fleetKnownHosts(fleet) + " -o IdentitiesOnly=yes")))
                    .env("SSH_AUTH_SOCK", agent.socket().toString())
                    .reaches("h1", "h1", GATEWAY_ADDRESS)
                    .verify(ansible, drover);
        }
    }

    /** h1's password port accepts only drover's password; the inventory names it as each variable Ansible reads. */
    @ParameterizedTest
    @ValueSource(strings = {"ansible_password", "ansible_ssh_pass", "ansible_ssh_password"})
    void passwordFromInventory(String variable, Fleet fleet, AnsibleRunner ansible, DroverRunner drover) {
        List<ProcessResult> results = new ConnectionCase(fleet, dir, "password in " + variable)
                .inventory(passwordInventory(fleet, "      " + variable + ": " + q(fleet.password()) + "\n"))
                .reaches("h1-password", "h1", GATEWAY_ADDRESS)
                .reaches("h2", "h2", GATEWAY_ADDRESS)
                .verify(ansible, drover);
        assertPasswordNotShown(fleet, results.get(1));
    }

    @Test
    void passwordFromConnectionPasswordFile(Fleet fleet, AnsibleRunner ansible, DroverRunner drover) {
        List<ProcessResult> results = new ConnectionCase(fleet, dir, "--connection-password-file")
                .inventory(passwordInventory(fleet, ""))
                .args("--connection-password-file", fleet.passwordFile().toString())
                .reaches("h1-password", "h1", GATEWAY_ADDRESS)
                .reaches("h2", "h2", GATEWAY_ADDRESS)
                .verify(ansible, drover);
        assertPasswordNotShown(fleet, results.get(1));
    }

    /** The fleet's ssh_config block h1-password (port, PubkeyAuthentication no) with the password from the inventory. */
    @Test
    void passwordHostFromSshConfig(Fleet fleet, AnsibleRunner ansible, DroverRunner drover) {
        new ConnectionCase(fleet, dir, "password host from ssh_config")
                .inventory("""
                        all:
                          hosts:
                            h1-password:
                              ansible_password: %s
                          vars:
                            ansible_ssh_common_args: %s
                        """.formatted(q(fleet.password()), q("-F " + fleet.sshConfig())))
                .reaches("h1-password", "h1", GATEWAY_ADDRESS)
                .verify(ansible, drover);
    }

    @Test
    void wrongOrMissingPasswordIsUnreachable(Fleet fleet, AnsibleRunner ansible, DroverRunner drover) {
        new ConnectionCase(fleet, dir, "wrong password")
                .inventory(passwordInventory(fleet, "      ansible_password: not-the-password\n"))
                .unreachable("h1-password")
                .reaches("h2", "h2", GATEWAY_ADDRESS)
                .verify(ansible, drover);
        new ConnectionCase(fleet, dir, "no password for a password-only port")
                .inventory(passwordInventory(fleet, ""))
                .unreachable("h1-password")
                .reaches("h2", "h2", GATEWAY_ADDRESS)
                .verify(ansible, drover);
    }

    /** A key no host accepts (IdentitiesOnly, so nothing else is offered) and a refused port: UNREACHABLE, exit 4. */
    @Test
    void wrongKeyAndRefusedPortAreUnreachable(Fleet fleet, AnsibleRunner ansible, DroverRunner drover) {
        Path wrongKey = dir.resolve("wrong_key");
        run(ProcessRunner.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "not-authorized", "-f", wrongKey.toString()));
        String common = fleetKnownHosts(fleet) + " -o IdentitiesOnly=yes";
        new ConnectionCase(fleet, dir, "wrong key, refused port")
                .inventory("""
                        all:
                          hosts:
                            h1-wrong-key:
                              ansible_host: %s
                              ansible_ssh_private_key_file: %s
                            h1-refused-port:
                              ansible_host: %s
                              ansible_port: 2299
                            h2:
                              ansible_host: %s
                          vars:
                            ansible_user: drover
                            ansible_ssh_private_key_file: %s
                            ansible_ssh_common_args: %s
                        """.formatted(fleet.host("h1").address(), wrongKey, fleet.host("h1").address(),
                        fleet.host("h2").address(), fleet.privateKey(), q(common)))
                .unreachable("h1-wrong-key")
                .unreachable("h1-refused-port")
                .reaches("h2", "h2", GATEWAY_ADDRESS)
                .verify(ansible, drover);
    }

    /** h1-password (h1's password port, no key) with {@code passwordVars}, and h2 with the fleet key. */
    private static String passwordInventory(Fleet fleet, String passwordVars) {
        return """
                all:
                  hosts:
                    h1-password:
                      ansible_host: %s
                      ansible_port: %d
                %s    h2:
                      ansible_host: %s
                      ansible_ssh_private_key_file: %s
                  vars:
                    ansible_user: drover
                    ansible_ssh_common_args: %s
                """.formatted(fleet.host("h1").address(), fleet.passwordPort(), passwordVars, fleet.host("h2").address(),
                fleet.privateKey(), q(fleetKnownHosts(fleet)));
    }

    private static void assertPasswordNotShown(Fleet fleet, ProcessResult drover) {
        assertFalse(drover.stdout().contains(fleet.password()) || drover.stderr().contains(fleet.password()),
                "drover printed the password\n" + drover.describe());
    }

    /** An ssh-agent of this test: {@code ssh-agent -D -a <socket>} in the foreground, stopped by its PID on close. */
    private record Agent(Process process, Path socket, Path dir) implements AutoCloseable {

        static Agent start(Path dir) throws IOException, InterruptedException {
            Path socket = dir.resolve("agent.sock");
            Files.deleteIfExists(socket);
            Process p = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("agent.log").toFile())
                    .start();
            for (int i = 0; i < 200 && !Files.exists(socket); i++) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("ssh-agent exited: " + Files.readString(dir.resolve("agent.log")));
                }
                Thread.sleep(10);
            }
            if (!Files.exists(socket)) {
                p.destroy();
                throw new IllegalStateException("ssh-agent did not create " + socket);
            }
            return new Agent(p, socket, dir);
        }

        /** {@code ssh-add key}, answering the passphrase prompt through SSH_ASKPASS when there is one. */
        void add(Path key, String passphrase) throws IOException {
            ProcessRunner add = ProcessRunner.of("ssh-add", key.toString()).withEnv("SSH_AUTH_SOCK", socket.toString());
            if (passphrase != null) {
                Path askpass = dir.resolve("askpass.sh");
                Files.writeString(askpass, "#!/bin/sh\necho '" + passphrase + "'\n");
                Files.setPosixFilePermissions(askpass, PosixFilePermissions.fromString("rwx------"));
                add = add.withEnv(Map.of("SSH_ASKPASS", askpass.toString(), "SSH_ASKPASS_REQUIRE", "force",
                        "DISPLAY", ":0"));
            }
            run(add);
            ProcessResult list = ProcessRunner.of("ssh-add", "-l").withEnv("SSH_AUTH_SOCK", socket.toString()).run();
            assertEquals(0, list.exitCode(), "the agent holds no key\n" + list.describe());
        }

        @Override
        public void close() throws InterruptedException {
            // This agent's PID only: Process.destroy signals exactly the process we started.
            process.destroy();
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
