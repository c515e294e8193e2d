package io.drover.it;

import static io.drover.it.ConnectionCase.q;
import static io.drover.it.Fleet.GATEWAY_ADDRESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Host key checking the way OpenSSH does it, set through {@code ansible_ssh_common_args}: custom and several
 * known_hosts files, hashed entries, HostKeyAlias, StrictHostKeyChecking yes / no / accept-new, and a changed key,
 * which both tools refuse (UNREACHABLE, exit 4) while the other host carries on.
 */
@ExtendWith(FleetExtension.class)
class KnownHostsDifferentialTest {

    @TempDir
    Path dir;

    /** h1 and h2 with the fleet's user and key; {@code common} as ansible_ssh_common_args of all hosts. */
    private static String h1h2(Fleet fleet, String common) {
        return """
                all:
                  hosts:
                    h1:
                      ansible_host: %s
                    h2:
                      ansible_host: %s
                  vars:
                    ansible_user: drover
                    ansible_ssh_private_key_file: %s
                    ansible_ssh_common_args: %s
                """.formatted(fleet.host("h1").address(), fleet.host("h2").address(), fleet.privateKey(), q(common));
    }

    /** The fleet's known_hosts line of {@code host} (plain, by address). */
    private static String knownHostsLine(Fleet fleet, String host) throws IOException {
        String address = fleet.host(host).address();
        return Files.readAllLines(fleet.knownHosts()).stream()
                .filter(l -> l.startsWith(address + " "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no known_hosts line for " + address + " in " + fleet.knownHosts()));
    }

    /** The key part ("ssh-ed25519 AAAA...") of a known_hosts line. */
    private static String keyOf(String line) {
        return line.substring(line.indexOf(' ') + 1);
    }

    private Path file(String name, String... lines) throws IOException {
        return Files.writeString(dir.resolve(name), lines.length == 0 ? "" : String.join("\n", lines) + "\n");
    }

    @Test
    void customKnownHostsFile(Fleet fleet, AnsibleRunner ansible, DroverRunner drover) throws IOException {
        Path kh = file("custom_known_hosts", knownHostsLine(fleet, "h1"), knownHostsLine(fleet, "h2"));
        new ConnectionCase(fleet, dir, "custom known_hosts")
                .inventory(h1h2(fleet, "-o UserKnownHostsFile=" + kh + " -o StrictHostKeyChecking=yes"))
                .reaches("h1", "h1", GATEWAY_ADDRESS)
                .reaches("h2", "h2", GATEWAY_ADDRESS)
                .verify(ansible, drover);
    }

    /** h1's key in one file, h2's in another: both are consulted. */
    @ParameterizedTest
    @ValueSource(strings = {"-o 'UserKnownHostsFile=%1$s %2$s'", "-o UserKnownHostsFile=%1$s -o GlobalKnownHostsFile=%2$s",
            "-o 'UserKnownHostsFile=/dev/null %1$s' -o 'GlobalKnownHostsFile=%2$s /dev/null'"})
    void severalKnownHostsFiles(String options, Fleet fleet, AnsibleRunner ansible, DroverRunner drover) throws IOException {
        Path a = file("a_known_hosts", knownHostsLine(fleet, "h1"));
        Path b = file("b_known_hosts", knownHostsLine(fleet, "h2"));
        new ConnectionCase(fleet, dir, "several known_hosts files: " + options)
                .inventory(h1h2(fleet, options.formatted(a, b) + " -o StrictHostKeyChecking=yes"))
                .reaches("h1", "h1", GATEWAY_ADDRESS)
                .reaches("h2", "h2", GATEWAY_ADDRESS)
                .verify(ansible, drover);
    }

    @Test
    void hashedEntries(Fleet fleet, AnsibleRunner ansible, DroverRunner drover) throws IOException {
        assertTrue(Files.readString(fleet.knownHostsHashed()).startsWith("|1|"), "fleet.sh must hash known_hosts_hashed");
        new ConnectionCase(fleet, dir, "hashed known_hosts")
                .inventory(h1h2(fleet, "-o UserKnownHostsFile=" + fleet.knownHostsHashed() + " -o StrictHostKeyChecking=yes"))
                .reaches("h1", "h1", GATEWAY_ADDRESS)
                .reaches("h2", "h2", GATEWAY_ADDRESS)
                .verify(ansible, drover);
    }

    /** h1's key recorded under an alias name only: found through HostKeyAlias, not through the address. */
    @Test
    void hostKeyAlias(Fleet fleet, AnsibleRunner ansible, DroverRunner drover) throws IOException {
        Path kh = file("alias_known_hosts", "fleet-h1-alias " + keyOf(knownHostsLine(fleet, "h1")), knownHostsLine(fleet, "h2"));
        String common = "-o UserKnownHostsFile=" + kh + " -o StrictHostKeyChecking=yes";
        new ConnectionCase(fleet, dir, "HostKeyAlias")
                .inventory("""
                        all:
                          hosts:
                            h1:
                              ansible_host: %s
                              ansible_ssh_common_args: %s
                            h1-no-alias:
                              ansible_host: %s
                              ansible_ssh_common_args: %s
                          vars:
                            ansible_user: drover
                            ansible_ssh_private_key_file: %s
                        """.formatted(fleet.host("h1").address(), q(common + " -o HostKeyAlias=fleet-h1-alias"),
                        fleet.host("h1").address(), q(common), fleet.privateKey()))
                .reaches("h1", "h1", GATEWAY_ADDRESS)
                .unreachable("h1-no-alias")
                .verify(ansible, drover);
    }

    @Test
    void unknownHostRefusedWithStrictYes(Fleet fleet, AnsibleRunner ansible, DroverRunner drover) throws IOException {
        Path empty = file("empty_known_hosts");
        new ConnectionCase(fleet, dir, "unknown host, StrictHostKeyChecking=yes")
                .inventory(h1h2(fleet, "-o UserKnownHostsFile=" + empty + " -o StrictHostKeyChecking=yes"))
                .unreachable("h1")
                .unreachable("h2")
                .verify(ansible, drover);
    }

    @ParameterizedTest
    @ValueSource(strings = {"no", "off"})
    void unknownHostAcceptedWithStrictNo(String value, Fleet fleet, AnsibleRunner ansible, DroverRunner drover)
            throws IOException {
        for (PlaybookRunner runner : List.<PlaybookRunner>of(ansible, drover)) {
            Path empty = file("empty_known_hosts_" + runner.name());
            new ConnectionCase(fleet, dir, "unknown host, StrictHostKeyChecking=" + value)
                    .inventory(h1h2(fleet, "-o UserKnownHostsFile=" + empty + " -o StrictHostKeyChecking=" + value))
                    .reaches("h1", "h1", GATEWAY_ADDRESS)
                    .reaches("h2", "h2", GATEWAY_ADDRESS)
                    .runAndCheck(runner);
        }
    }

    /**
     * accept-new trusts unknown keys and records them (each tool in its own file); a later run with
     * StrictHostKeyChecking=yes on that file then succeeds.
     */
    @Test
    void acceptNewRecordsTheKeys(Fleet fleet, AnsibleRunner ansible, DroverRunner drover) throws IOException {
        for (PlaybookRunner runner : List.<PlaybookRunner>of(ansible, drover)) {
            Path kh = file("accept_new_" + runner.name());
            new ConnectionCase(fleet, dir, "accept-new")
                    .inventory(h1h2(fleet, "-o UserKnownHostsFile=" + kh + " -o StrictHostKeyChecking=accept-new"))
                    .reaches("h1", "h1", GATEWAY_ADDRESS)
                    .reaches("h2", "h2", GATEWAY_ADDRESS)
                    .runAndCheck(runner);
            for (String host : List.of("h1", "h2")) {
                // ssh-keygen -F finds plain and hashed entries alike.
                ProcessResult found = ProcessRunner.of("ssh-keygen", "-F", fleet.host(host).address(), "-f", kh.toString()).run();
                assertEquals(0, found.exitCode(), runner.name() + " did not record " + host + "'s key in " + kh + ":\n"
                        + Files.readString(kh) + "\n" + found.describe());
                assertTrue(found.stdout().contains(keyOf(knownHostsLine(fleet, host))), runner.name()
                        + " recorded a wrong key for " + host + ":\n" + found.describe());
            }
            new ConnectionCase(fleet, dir, "StrictHostKeyChecking=yes after accept-new")
                    .inventory(h1h2(fleet, "-o UserKnownHostsFile=" + kh + " -o StrictHostKeyChecking=yes"))
                    .reaches("h1", "h1", GATEWAY_ADDRESS)
                    .reaches("h2", "h2", GATEWAY_ADDRESS)
                    .runAndCheck(runner);
        }
    }

    /** known_hosts says h1 has another key (hidden1's): refused under yes and accept-new; h2 carries on. */
    @ParameterizedTest
    @ValueSource(strings = {"yes", "accept-new"})
    void changedHostKeyRefused(String strict, Fleet fleet, AnsibleRunner ansible, DroverRunner drover) throws IOException {
        String hiddenKey = Files.readAllLines(fleet.knownHosts()).stream()
                .filter(l -> l.startsWith(Fleet.HIDDEN.address() + " "))
                .findFirst()
                .map(KnownHostsDifferentialTest::keyOf)
                .orElseThrow();
        Path kh = file("changed_known_hosts", fleet.host("h1").address() + " " + hiddenKey, knownHostsLine(fleet, "h2"));
        String before = Files.readString(kh);
        List<ProcessResult> results = new ConnectionCase(fleet, dir, "changed host key, StrictHostKeyChecking=" + strict)
                .inventory(h1h2(fleet, "-o UserKnownHostsFile=" + kh + " -o StrictHostKeyChecking=" + strict))
                .unreachable("h1")
                .reaches("h2", "h2", GATEWAY_ADDRESS)
                .verify(ansible, drover);
        assertEquals(before, Files.readString(kh), "a changed key must never be written over the recorded one");
        assertTrue(results.get(1).stdout().contains(kh.toString()),
                "drover must name the known_hosts file that holds the old key\n" + results.get(1).describe());
    }
}
