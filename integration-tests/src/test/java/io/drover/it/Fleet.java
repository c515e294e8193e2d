package io.drover.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A running fleet of real sshd hosts, started by {@code integration-tests/fleet.sh}. Tests get it
 * from {@link FleetExtension} (one fleet per test JVM); it is stopped when the test plan ends,
 * unless {@code DROVER_FLEET_KEEP=1} or it was already up before the tests started.
 *
 * <p>Hosts share the machine's filesystem except {@code /tmp}, {@code /var/tmp}, {@code /srv}
 * and {@code /home/drover}, which are private per host; {@link #hostPath} maps a path there to
 * where the test JVM can read it.
 *
 * <p>The fleet's systemd machines (whole Debian systems) are not started with it: a test asks for
 * {@link Machines}, which {@link FleetExtension} starts on first use.
 */
public final class Fleet implements AutoCloseable {

    /** Number of hosts the integration tests run against (h1..h3; groups web = h1,h2 and db = h3). */
    public static final int SIZE = 3;

    private static final Pattern EXPORT = Pattern.compile("^export (\\w+)='([^']*)'$");
    private static final Pattern INVENTORY_HOST = Pattern.compile("^(\\S+) ansible_host=(\\S+)");
    private static final List<String> PRIVATE_DIRS = List.of("/tmp", "/var/tmp", "/srv", "/home/drover");

    /** One host of the fleet: its inventory name (h1) and address (10.77.0.11). */
    public record Host(String name, String address) {}

    /** The host behind the bastion h1: reachable only through h1 (not from this machine's own namespace). */
    public static final Host HIDDEN = new Host("hidden1", "10.77.1.11");

    /** The bastion h1's address on hidden1's network: what hidden1 sees as the client of a jump through h1. */
    public static final String BASTION_HIDDEN_ADDRESS = "10.77.1.1";

    /** This machine's address on the fleet bridge: what a host sees as the client of a direct connection. */
    public static final String GATEWAY_ADDRESS = "10.77.0.1";

    private final Path repoRoot;
    private final Path script;
    private final Path inventory;
    private final Path ansibleConfig;
    private final Path knownHosts;
    private final Path privateKey;
    private final Path stateDir;
    private final Path machinesInventory;
    private final List<Host> hosts;
    private final boolean stopOnClose;

    private Fleet(Path repoRoot, Map<String, String> env, List<Host> hosts, boolean stopOnClose) {
        this.repoRoot = repoRoot;
        this.script = repoRoot.resolve("integration-tests/fleet.sh");
        this.inventory = Path.of(env.get("DROVER_FLEET_INVENTORY"));
        this.ansibleConfig = Path.of(env.get("ANSIBLE_CONFIG"));
        this.knownHosts = Path.of(env.get("DROVER_FLEET_KNOWN_HOSTS"));
        this.privateKey = Path.of(env.get("DROVER_FLEET_KEY"));
        this.stateDir = inventory.getParent();
        this.machinesInventory = Path.of(env.getOrDefault("DROVER_FLEET_MACHINES_INVENTORY",
                stateDir.resolve("machines.ini").toString()));
        this.hosts = List.copyOf(hosts);
        this.stopOnClose = stopOnClose;
    }

    /**
     * Brings up a fleet of {@code size} hosts (or reuses one that is already up with that size).
     *
     * @throws IllegalStateException with fleet.sh's output if it fails (e.g. not running as root)
     */
    public static Fleet up(int size) {
        Path root = repoRoot();
        Path script = root.resolve("integration-tests/fleet.sh");
        ProcessResult status = ProcessRunner.of(script.toString(), "status").run();
        boolean alreadyUp = status.succeeded() && status.stdoutLines().size() == size;
        // `up` even when it is already up: it is idempotent and cheap, and it restores the extras
        // (password port, hidden1, ssh_config, known_hosts entries) if an older fleet.sh dropped them.
        ProcessResult up = ProcessRunner.of(script.toString(), "up", Integer.toString(size))
                .withTimeout(Duration.ofMinutes(2))
                .run();
        if (!up.succeeded()) {
            throw new IllegalStateException("the test fleet did not come up (integration tests need root and "
                    + "bin/ensure-prereqs):\n" + up.describe());
        }
        ProcessResult envOut = ProcessRunner.of(script.toString(), "env").run();
        if (!envOut.succeeded()) {
            throw new IllegalStateException("fleet.sh env failed:\n" + envOut.describe());
        }
        Map<String, String> env = new HashMap<>();
        for (String line : envOut.stdoutLines()) {
            var m = EXPORT.matcher(line);
            if (m.matches()) {
                env.put(m.group(1), m.group(2));
            }
        }
        boolean keep = "1".equals(System.getenv("DROVER_FLEET_KEEP"));
        return new Fleet(root, env, readHosts(Path.of(env.get("DROVER_FLEET_INVENTORY")), "fleet"), !alreadyUp && !keep);
    }

    /** The hosts of one group of a fleet.sh inventory, in file order. */
    static List<Host> readHosts(Path inventory, String group) {
        List<Host> hosts = new ArrayList<>();
        boolean inGroup = false;
        try {
            for (String line : Files.readAllLines(inventory)) {
                if (line.startsWith("[")) {
                    inGroup = line.equals("[" + group + "]");
                } else if (inGroup) {
                    var m = INVENTORY_HOST.matcher(line);
                    if (m.find()) {
                        hosts.add(new Host(m.group(1), m.group(2)));
                    }
                }
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read fleet inventory " + inventory, e);
        }
        return hosts;
    }

    /**
     * The checkout's root: the {@code drover.repo.root} system property (set by the POM), else the
     * first ancestor of the working directory that holds {@code bin/drover}.
     */
    public static Path repoRoot() {
        String configured = System.getProperty("drover.repo.root");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("bin/drover"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the repository root (no bin/drover above " + Path.of("").toAbsolutePath() + ")");
    }

    public Path repositoryRoot() {
        return repoRoot;
    }

    /** {@code integration-tests/fleet.sh} of this checkout. */
    Path script() {
        return script;
    }

    /** Where fleet.sh writes the machines' inventory (group machines); exists once machines were started. */
    Path machinesInventory() {
        return machinesInventory;
    }

    /** INI inventory: group fleet = all hosts; web = h1,h2; db = h3; app = web + db. */
    public Path inventory() {
        return inventory;
    }

    /** ansible.cfg for the fleet (pipelining, ControlPersist, the fleet's known_hosts); use as ANSIBLE_CONFIG. */
    public Path ansibleConfig() {
        return ansibleConfig;
    }

    public Path knownHosts() {
        return knownHosts;
    }

    /** Private key accepted by every host for users drover and root. */
    public Path privateKey() {
        return privateKey;
    }

    /**
     * A client key that every host accepts for drover and root, by type: {@code ed25519} (= {@link #privateKey()}),
     * {@code rsa} or {@code ecdsa}; all unencrypted, in OpenSSH's format.
     */
    public Path clientKey(String type) {
        return privateKey.resolveSibling("id_" + type);
    }

    /** The fleet's known_hosts with every entry hashed ({@code ssh-keygen -H}). */
    public Path knownHostsHashed() {
        return stateDir.resolve("known_hosts_hashed");
    }

    /**
     * An ssh_config for {@code ssh -F}: Host blocks h1..hN (HostName), hidden1 (ProxyJump h1), h1-password
     * (port {@link #passwordPort()}, password only), then {@code Host *} with User drover, the fleet key,
     * IdentitiesOnly, the fleet's known_hosts and StrictHostKeyChecking yes.
     */
    public Path sshConfig() {
        return stateDir.resolve("ssh_config");
    }

    /** h1's second sshd, which accepts only user drover's {@link #password()} (no keys). */
    public int passwordPort() {
        return 2222;
    }

    /** File holding drover's password on the password port (mode 0600, one line). */
    public Path passwordFile() {
        return stateDir.resolve("password");
    }

    public String password() {
        try {
            return Files.readString(passwordFile()).strip();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read the fleet password " + passwordFile(), e);
        }
    }

    public List<Host> hosts() {
        return hosts;
    }

    public Host host(String name) {
        return hosts.stream()
                .filter(h -> h.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no fleet host " + name + " in " + hosts));
    }

    /** Network namespace of a host, for {@code ip -n <ns> ...}. */
    public String namespace(String hostName) {
        return "drv-" + host(hostName).name();
    }

    /** Environment both Ansible and Drover runs get: the fleet's config, no colours. */
    public Map<String, String> environment() {
        return Map.of("ANSIBLE_CONFIG", ansibleConfig.toString(), "ANSIBLE_NOCOLOR", "1");
    }

    /** Runs a shell command on a host as user drover over the system's OpenSSH client. */
    public ProcessResult ssh(String hostName, String command) {
        return ssh(host(hostName), command);
    }

    /** Runs a shell command as user drover on any host whose key is in the fleet's known_hosts (a machine too). */
    public ProcessResult ssh(Host host, String command) {
        return ProcessRunner.of(
                        "ssh", "-i", privateKey.toString(),
                        "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
                        "-o", "UserKnownHostsFile=" + knownHosts, "-o", "StrictHostKeyChecking=yes",
                        "drover@" + host.address(), command)
                .withTimeout(Duration.ofSeconds(60))
                .run();
    }

    /**
     * Host {@code hostName}'s sshd log. sshd logs at VERBOSE, so every channel a client opens for a command or a
     * subsystem shows as a {@code Starting session:} line.
     */
    public Path sshdLog(String hostName) {
        return stateDir.resolve("hosts").resolve(host(hostName).name()).resolve("sshd.log");
    }

    /**
     * Where the test JVM sees a file that lives in one of a host's private directories, e.g.
     * {@code hostPath("h1", "/tmp/x")}; {@code hidden1} and h1's password port have private
     * directories too (the password port shares h1's).
     *
     * @throws IllegalArgumentException for a path outside /tmp, /var/tmp, /srv and /home/drover
     *     (those are shared by all hosts and readable at their own path)
     */
    public Path hostPath(String hostName, String remotePath) {
        String dirName = hostName.equals(HIDDEN.name()) ? HIDDEN.name() : host(hostName).name();
        Path hostDir = stateDir.resolve("hosts").resolve(dirName);
        for (String dir : PRIVATE_DIRS) {
            if (remotePath.equals(dir) || remotePath.startsWith(dir + "/")) {
                String local = switch (dir) {
                    case "/tmp" -> "tmp";
                    case "/var/tmp" -> "var_tmp";
                    case "/srv" -> "srv";
                    default -> "home";
                };
                return hostDir.resolve(local + remotePath.substring(dir.length()));
            }
        }
        throw new IllegalArgumentException(remotePath + " is not in a per-host directory " + PRIVATE_DIRS);
    }

    /** Stops the fleet if this JVM started it (and DROVER_FLEET_KEEP is not 1). */
    @Override
    public void close() {
        if (!stopOnClose) {
            return;
        }
        ProcessResult down = ProcessRunner.of(script.toString(), "down").withTimeout(Duration.ofMinutes(1)).run();
        if (!down.succeeded()) {
            throw new IllegalStateException("fleet.sh down failed:\n" + down.describe());
        }
    }
}
