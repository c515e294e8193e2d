package io.drover.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The fleet's systemd machines s1..sM: whole Debian bookworm systems, each booted by systemd-nspawn
 * with systemd as PID 1, its own address on the fleet bridge and a writable layer over one shared
 * image (whatever a test changes there is gone when the machines stop). User drover logs in with
 * the fleet's key and has NOPASSWD sudo; python3 is there; apt's only source is the fleet's local
 * repository ({@code hello}, {@code jq}, {@code tree}, {@code haproxy}, {@code nginx}; run
 * {@code apt-get update} first). See {@code integration-tests/fleet-machines.sh}.
 *
 * <p>Tests get them from {@link FleetExtension} as a parameter; they start on first use (seconds;
 * the first build of the image takes a few minutes and is cached), so tests that do not ask for
 * them are not slowed down. They stop when the test plan ends if this JVM started them, unless
 * {@code DROVER_FLEET_KEEP=1}.
 */
public final class Machines implements AutoCloseable {

    /** Number of machines the integration tests run against (s1, s2). */
    public static final int SIZE = 2;

    private final Fleet fleet;
    private final List<Fleet.Host> hosts;
    private final boolean stopOnClose;

    private Machines(Fleet fleet, List<Fleet.Host> hosts, boolean stopOnClose) {
        this.fleet = fleet;
        this.hosts = List.copyOf(hosts);
        this.stopOnClose = stopOnClose;
    }

    /**
     * Brings up {@code size} machines next to the running {@code fleet} (or reuses them).
     *
     * @throws IllegalStateException with fleet.sh's output if they do not come up
     */
    public static Machines up(Fleet fleet, int size) {
        Path inventory = fleet.machinesInventory();
        boolean alreadyUp = Files.isRegularFile(inventory) && Fleet.readHosts(inventory, "machines").size() == size;
        ProcessResult up = ProcessRunner.of(fleet.script().toString(), "machines", Integer.toString(size))
                .withTimeout(Duration.ofMinutes(10))
                .run();
        if (!up.succeeded()) {
            throw new IllegalStateException("the fleet's systemd machines did not come up (they need root, "
                    + "bin/ensure-prereqs and, the first time, deb.debian.org):\n" + up.describe());
        }
        boolean keep = "1".equals(System.getenv("DROVER_FLEET_KEEP"));
        return new Machines(fleet, Fleet.readHosts(inventory, "machines"), !alreadyUp && !keep);
    }

    public Fleet fleet() {
        return fleet;
    }

    /** INI inventory with group machines = s1..sM, with the same connection variables as the fleet's. */
    public Path inventory() {
        return fleet.machinesInventory();
    }

    public List<Fleet.Host> hosts() {
        return hosts;
    }

    public Fleet.Host host(String name) {
        return hosts.stream()
                .filter(h -> h.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no machine " + name + " in " + hosts));
    }

    /** Network namespace of a machine, for {@code ip -n <ns> ...}. */
    public String namespace(String machineName) {
        return "drv-" + host(machineName).name();
    }

    /** Runs a shell command on a machine as user drover over the system's OpenSSH client. */
    public ProcessResult ssh(String machineName, String command) {
        return fleet.ssh(host(machineName), command);
    }

    /**
     * Powers the machines off and boots them again. Each comes back exactly as the image is, since all it wrote
     * lived in its tmpfs layer: the way to give two tools the same starting state.
     */
    public void reboot() {
        for (String count : List.of("0", Integer.toString(hosts.size()))) {
            ProcessResult r = ProcessRunner.of(fleet.script().toString(), "machines", count)
                    .withTimeout(Duration.ofMinutes(2))
                    .run();
            if (!r.succeeded()) {
                throw new IllegalStateException("fleet.sh machines " + count + " failed:\n" + r.describe());
            }
        }
    }

    /** Stops the machines if this JVM started them (and DROVER_FLEET_KEEP is not 1); the hosts stay. */
    @Override
    public void close() {
        if (!stopOnClose) {
            return;
        }
        ProcessResult down = ProcessRunner.of(fleet.script().toString(), "machines", "0")
                .withTimeout(Duration.ofMinutes(1))
                .run();
        if (!down.succeeded()) {
            throw new IllegalStateException("fleet.sh machines 0 failed:\n" + down.describe());
        }
    }
}
