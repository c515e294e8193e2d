package io.drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One way of connecting to fleet hosts (an inventory, an ansible.cfg, environment variables, command-line flags),
 * run by ansible-playbook and by Drover alike with the same small playbook, then checked: exit code, PLAY RECAP, and
 * on each reached target the client address sshd saw ({@code $SSH_CONNECTION}), which says which path the connection
 * really took (a jump through h1 shows h1's address, a direct connection this machine's).
 *
 * <p>The playbook ({@code connect/conn.yml}) pings, then writes {@code $SSH_CONNECTION} to
 * {@code <out>-<inventory_hostname>} on the target; a reached host's recap is ok=2 changed=1.
 *
 * <p>Every run gets its own ansible.cfg with {@code ssh_args = -o ControlMaster=no} unless the case sets
 * ssh_args: a persistent master left by an earlier run to the same host would otherwise carry this run's
 * commands, and the settings under test would never be used. Variables that would change how either tool
 * connects (SSH_AUTH_SOCK, ANSIBLE_SSH_*, ANSIBLE_HOST_KEY_CHECKING, ...) are removed from the inherited
 * environment; a case sets the ones it tests.
 */
final class ConnectionCase {

    /** Environment variables of this JVM that a run must not inherit: each would change how a tool connects. */
    private static final List<String> UNSET = List.of(
            "SSH_AUTH_SOCK", "SSH_AGENT_PID", "ANSIBLE_SSH_ARGS", "ANSIBLE_SSH_COMMON_ARGS", "ANSIBLE_SSH_EXTRA_ARGS",
            "ANSIBLE_HOST_KEY_CHECKING", "ANSIBLE_SSH_HOST_KEY_CHECKING", "ANSIBLE_REMOTE_USER", "ANSIBLE_REMOTE_PORT",
            "ANSIBLE_PRIVATE_KEY_FILE", "ANSIBLE_TIMEOUT", "ANSIBLE_SSH_PASSWORD", "ANSIBLE_CONNECTION_PASSWORD_FILE",
            "ANSIBLE_INVENTORY", "ANSIBLE_FORCE_COLOR", "ANSIBLE_SSH_CONTROL_PATH", "ANSIBLE_SSH_CONTROL_PATH_DIR");
    private static final AtomicInteger RUNS = new AtomicInteger();

    /** What one host must show after a run. */
    private record Expected(String fleetHost, String clientAddress) {
        boolean reached() {
            return fleetHost != null;
        }
    }

    private final Fleet fleet;
    private final Path dir;
    private final String name;
    private String inventory;
    private final List<String> cfgDefaults = new ArrayList<>();
    private final Map<String, String> cfgSsh = new LinkedHashMap<>(Map.of("ssh_args", "-o ControlMaster=no"));
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<String> args = new ArrayList<>();
    private final Map<String, Expected> expected = new LinkedHashMap<>();

    /** A case named {@code name} (for messages) whose files go to {@code dir}. */
    ConnectionCase(Fleet fleet, Path dir, String name) {
        this.fleet = fleet;
        this.dir = dir;
        this.name = name;
    }

    /** The YAML inventory of the run. */
    ConnectionCase inventory(String yaml) {
        this.inventory = yaml;
        return this;
    }

    /** A line of ansible.cfg's {@code [defaults]}, e.g. {@code host_key_checking = False}. */
    ConnectionCase cfgDefault(String line) {
        cfgDefaults.add(line);
        return this;
    }

    /** A key of ansible.cfg's {@code [ssh_connection]}; {@code ssh_args} replaces the default one. */
    ConnectionCase cfgSsh(String key, String value) {
        cfgSsh.put(key, value);
        return this;
    }

    ConnectionCase env(String key, String value) {
        env.put(key, value);
        return this;
    }

    /** Command-line arguments for both tools, after the playbook. */
    ConnectionCase args(String... more) {
        args.addAll(List.of(more));
        return this;
    }

    /** {@code host} (inventory name) is reached, on fleet host {@code fleetHost}, from {@code clientAddress}. */
    ConnectionCase reaches(String host, String fleetHost, String clientAddress) {
        expected.put(host, new Expected(fleetHost, clientAddress));
        return this;
    }

    /** {@code host} (inventory name) is UNREACHABLE. */
    ConnectionCase unreachable(String host) {
        expected.put(host, new Expected(null, null));
        return this;
    }

    /** Exit code both tools must give: 4 when a host is unreachable, else 0. */
    int expectedExit() {
        return expected.values().stream().allMatch(Expected::reached) ? 0 : 4;
    }

    /** The recap both tools must print. */
    Map<String, HostRecap> expectedRecap() {
        Map<String, HostRecap> recap = new LinkedHashMap<>();
        expected.forEach((host, e) -> recap.put(host,
                e.reached() ? new HostRecap(2, 1, 0, 0, 0, 0, 0) : new HostRecap(0, 0, 1, 0, 0, 0, 0)));
        return recap;
    }

    /**
     * Runs ansible-playbook, checks it (a failure there is a bug in the test, and says "ansible"), then Drover, and
     * checks it the same way. Returns both results, ansible's first.
     */
    List<ProcessResult> verify(AnsibleRunner ansible, DroverRunner drover) {
        ProcessResult a = runAndCheck(ansible);
        ProcessResult d = runAndCheck(drover);
        assertEquals(RecapParser.parse(a.stdout()), RecapParser.parse(d.stdout()),
                name + ": drover's recap differs from ansible's\n" + d.describe());
        return List.of(a, d);
    }

    /** Runs the case with one tool and checks exit code, recap and the client address on every reached host. */
    ProcessResult runAndCheck(PlaybookRunner runner) {
        String out = "/tmp/conn-" + runner.name() + "-" + ProcessHandle.current().pid() + "-" + RUNS.incrementAndGet();
        ProcessResult r = run(runner, out);
        String who = name + " [" + runner.name() + "]";
        assertEquals(expectedExit(), r.exitCode(), who + ": exit code\n" + r.describe());
        assertEquals(expectedRecap(), Map.copyOf(RecapParser.parse(r.stdout())), who + ": recap\n" + r.describe());
        expected.forEach((host, e) -> {
            if (!e.reached()) {
                assertTrue(r.stdout().contains("fatal: [" + host + "]: UNREACHABLE!"), who + ": " + host
                        + " must be reported UNREACHABLE\n" + r.describe());
                return;
            }
            Path proof = fleet.hostPath(e.fleetHost(), out + "-" + host);
            assertTrue(Files.isRegularFile(proof), who + ": nothing written on " + e.fleetHost() + " for " + host
                    + " (" + proof + ")\n" + r.describe());
            String sshConnection = read(proof).strip();
            assertFalse(sshConnection.isEmpty(), who + ": $SSH_CONNECTION was empty on " + host);
            assertEquals(e.clientAddress(), sshConnection.split(" ")[0],
                    who + ": " + host + " was reached from the wrong address ($SSH_CONNECTION = " + sshConnection
                            + "): the connection did not take the expected path\n" + r.describe());
            delete(proof);
        });
        return r;
    }

    /** Runs the playbook with one tool, writing the proofs to {@code out-<host>}; no checks. */
    ProcessResult run(PlaybookRunner runner, String out) {
        if (inventory == null) {
            throw new IllegalStateException(name + ": no inventory");
        }
        Path runDir = dir.resolve(runner.name() + "-" + RUNS.incrementAndGet());
        try {
            Files.createDirectories(runDir);
            Path inv = Files.writeString(runDir.resolve("inventory.yml"), inventory);
            Path cfg = Files.writeString(runDir.resolve("ansible.cfg"), ansibleCfg());
            Path playbook = Fleet.repoRoot().resolve("integration-tests/src/test/resources/connect/conn.yml");
            List<String> command = new ArrayList<>(runner.playbookCommand());
            command.addAll(List.of("-i", inv.toString(), playbook.toString(), "-e", "out=" + out));
            command.addAll(args);
            ProcessRunner p = runner.runner(command).inDirectory(runDir);
            for (String var : UNSET) {
                p = p.withoutEnv(var);
            }
            return p.withEnv("ANSIBLE_CONFIG", cfg.toString()).withEnv(env).run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String ansibleCfg() {
        StringBuilder cfg = new StringBuilder("[defaults]\ninterpreter_python = /usr/bin/python3\ntimeout = 10\n");
        cfgDefaults.forEach(l -> cfg.append(l).append('\n'));
        cfg.append("\n[ssh_connection]\npipelining = True\n");
        cfgSsh.forEach((k, v) -> cfg.append(k).append(" = ").append(v).append('\n'));
        return cfg.toString();
    }

    /** {@code s} as a YAML single-quoted scalar. */
    static String q(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    /**
     * A ProxyCommand through the bastion h1 ({@code ssh -W %h:%p ... drover@10.77.0.11}) that needs nothing from
     * ~/.ssh: it names the fleet key and known_hosts itself.
     */
    static String bastionProxyCommand(Fleet fleet) {
        return "ssh -W %h:%p -i " + fleet.privateKey() + " -o IdentitiesOnly=yes -o BatchMode=yes -o UserKnownHostsFile="
                + fleet.knownHosts() + " -o StrictHostKeyChecking=yes drover@" + fleet.host("h1").address();
    }

    /** known_hosts options that trust exactly the fleet's keys: {@code -o UserKnownHostsFile=... -o StrictHostKeyChecking=yes}. */
    static String fleetKnownHosts(Fleet fleet) {
        return "-o UserKnownHostsFile=" + fleet.knownHosts() + " -o StrictHostKeyChecking=yes";
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
