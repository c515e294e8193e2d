package io.drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The fleet is real: separate addresses, real sshd, key login, sudo, per-host /tmp, and Ansible works on it. */
@ExtendWith(FleetExtension.class)
class FleetTest {

    @Test
    void ansiblePingsEveryHost(AnsibleRunner ansible) {
        ProcessResult ping = ansible.adhoc("fleet", "-m", "ping");

        assertEquals(0, ping.exitCode(), ping::describe);
        long successes = ping.stdoutLines().stream().filter(l -> l.matches("h\\d+ \\| SUCCESS => \\{")).count();
        assertEquals(Fleet.SIZE, successes, ping::describe);
    }

    @Test
    void sshLogsInWithTheFleetKeyAsDrover(Fleet fleet) {
        ProcessResult trueCmd = ProcessRunner.of(
                        "ssh", "-i", fleet.privateKey().toString(), "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes",
                        "-o", "UserKnownHostsFile=" + fleet.knownHosts(), "-o", "StrictHostKeyChecking=yes",
                        "drover@10.77.0.11", "true")
                .run();
        assertEquals(0, trueCmd.exitCode(), trueCmd::describe);

        ProcessResult who = fleet.ssh("h2", "id -un; sudo -n id -u");
        assertEquals("drover\n0\n", who.stdout(), who::describe);
    }

    @Test
    void eachHostHasItsOwnAddressInItsOwnNamespace(Fleet fleet) {
        assertEquals(Fleet.SIZE, fleet.hosts().size());
        for (Fleet.Host host : fleet.hosts()) {
            ProcessResult addr = ProcessRunner.of("ip", "-n", fleet.namespace(host.name()), "-4", "-o", "addr").run();
            assertEquals(0, addr.exitCode(), addr::describe);
            for (Fleet.Host other : fleet.hosts()) {
                assertEquals(other == host, addr.stdout().contains(" " + other.address() + "/24 "), addr::describe);
            }
            ProcessResult seen = fleet.ssh(host.name(), "ip -4 -o addr show dev eth0");
            assertTrue(seen.stdout().contains(" " + host.address() + "/24 "), seen::describe);
        }
    }

    @Test
    void tmpIsPrivatePerHost(Fleet fleet) throws IOException {
        ProcessResult write = fleet.ssh("h1", "echo only-on-h1 > /tmp/drover-it-private.txt");
        assertEquals(0, write.exitCode(), write::describe);

        Path onH1 = fleet.hostPath("h1", "/tmp/drover-it-private.txt");
        assertEquals("only-on-h1\n", Files.readString(onH1));
        assertFalse(Files.exists(fleet.hostPath("h2", "/tmp/drover-it-private.txt")));
        assertEquals(1, fleet.ssh("h2", "test -e /tmp/drover-it-private.txt").exitCode());
        Files.delete(onH1);
    }

    @Test
    void recapOfARealAnsibleRunCountsEveryOutcome(Fleet fleet, AnsibleRunner ansible) throws IOException {
        for (Fleet.Host host : fleet.hosts()) {
            Files.deleteIfExists(fleet.hostPath(host.name(), "/tmp/drover-it-recap.txt"));
        }
        Path playbook = Path.of("src/test/resources/playbooks/recap-mix.yml").toAbsolutePath();

        ProcessResult first = ansible.playbook(playbook);
        assertEquals(0, first.exitCode(), first::describe);
        assertEquals(Map.of(
                        "h1", new HostRecap(3, 2, 0, 0, 2, 0, 0),
                        "h2", new HostRecap(3, 2, 0, 0, 2, 1, 0),
                        "h3", new HostRecap(3, 3, 0, 0, 2, 0, 1)),
                RecapParser.parse(first.stdout()), first::describe);
        for (Fleet.Host host : fleet.hosts()) {
            assertEquals(host.name() + "\n", Files.readString(fleet.hostPath(host.name(), "/tmp/drover-it-recap.txt")));
        }

        ProcessResult second = ansible.playbook(playbook);
        assertEquals(1, RecapParser.parse(second.stdout()).get("h1").changed(), "copy is idempotent\n" + second.describe());
    }
}
