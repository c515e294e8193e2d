package io.drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Counts, on a fleet host's own sshd, the SSH channels one Drover task opens: the round trips each module's
 * documentation promises. A case runs two playbooks on h1: the setup tasks alone, then the setup tasks followed by
 * the measured task; the difference in {@code Starting session:} lines of h1's sshd log is what the task cost once
 * the connection was open.
 */
@ExtendWith(FleetExtension.class)
class RoundTripCountTest {

    private static final Path DIR = Fleet.repoRoot().resolve("integration-tests/src/test/resources/roundtrips");
    private static final String OUT = "/tmp/roundtrips";
    /** SHA-1 of "v1\n", the content the copy cases write. */
    private static final String V1_SHA1 = "e1d35a6f7182bfbac1c45f6bfdc12419e06e8d59";

    static Stream<Arguments> cases() {
        String copy = "copy: {content: \"v{{ version }}\\n\", dest: " + OUT + "/c.txt, mode: '0640'}";
        String template = "template: {src: small.conf.j2, dest: " + OUT + "/t.conf}";
        String line = "lineinfile: {path: " + OUT + "/c.txt, regexp: '^port=', line: 'port=80'}";
        String block = "blockinfile: {path: " + OUT + "/c.txt, block: 'a: 1'}";
        String unarchive = "unarchive: {src: " + OUT + "/a.tgz, dest: " + OUT + "/x, remote_src: true}";
        String getUrl = "get_url: {url: 'file://" + OUT + "/c.txt', dest: " + OUT + "/g.txt}";
        return Stream.of(
                Arguments.of("command", List.of(), "command: 'true'", 1),
                Arguments.of("copy, new file", List.of(), copy, 2),
                Arguments.of("copy, unchanged", List.of(copy), copy, 1),
                Arguments.of("copy, changed content", List.of(copy), copy.replace("v{{", "w{{"), 2),
                Arguments.of("template, new file", List.of(), template, 2),
                Arguments.of("template, unchanged", List.of(template), template, 1),
                Arguments.of("file, existing directory", List.of(), "file: {path: " + OUT + ", state: directory}", 1),
                Arguments.of("stat", List.of(copy), "stat: {path: " + OUT + "/c.txt}", 1),
                Arguments.of("get_url, download", List.of(copy), getUrl, 1),
                Arguments.of("get_url, checksum matches", List.of(copy, getUrl), getUrl
                        .replace("}", ", checksum: 'sha1:" + V1_SHA1 + "'}"), 1),
                Arguments.of("lineinfile, unchanged", List.of(copy, line), line, 1),
                Arguments.of("lineinfile, changed", List.of(copy), line, 2),
                Arguments.of("blockinfile, unchanged", List.of(copy, block), block, 1),
                Arguments.of("unarchive remote tgz, unchanged", List.of(copy, "command: tar czf " + OUT
                        + "/a.tgz -C " + OUT + " c.txt", "file: {path: " + OUT + "/x, state: directory}", unarchive),
                        unarchive, 1),
                Arguments.of("copy remote_src tree, unchanged",
                        List.of(copy, "copy: {src: " + OUT + "/, dest: /tmp/roundtrips-tree, remote_src: true}"),
                        "copy: {src: " + OUT + "/, dest: /tmp/roundtrips-tree, remote_src: true}", 1));
    }

    @ParameterizedTest(name = "{0}: {3}")
    @MethodSource("cases")
    void moduleCostsTheDocumentedRoundTrips(String name, List<String> setup, String task, int expected,
                                            Fleet fleet, DroverRunner drover) throws IOException {
        Path dir = Files.createTempDirectory("roundtrips");
        try {
            int before = channels(fleet, drover, dir, setup, null);
            int after = channels(fleet, drover, dir, setup, task);
            assertEquals(expected, after - before, name + " (" + task + ")");
        } finally {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    /** Channels h1's sshd saw while Drover ran: a fresh output directory, the setup tasks, then {@code task}. */
    private static int channels(Fleet fleet, DroverRunner drover, Path dir, List<String> setup, String task) {
        StringBuilder yaml = new StringBuilder("- hosts: h1\n  gather_facts: false\n  vars: {version: 1}\n  tasks:\n")
                // A prelude whose cost does not depend on what the previous run left behind.
                .append("    - command: rm -rf ").append(OUT).append(" /tmp/roundtrips-tree\n")
                .append("    - command: mkdir ").append(OUT).append('\n');
        for (String t : setup) {
            yaml.append("    - ").append(t).append('\n');
        }
        if (task != null) {
            yaml.append("    - ").append(task).append('\n');
        }
        Path playbook = dir.resolve(task == null ? "setup.yml" : "measured.yml");
        try {
            Files.writeString(playbook, yaml.toString());
            Path templates = dir.resolve("templates");
            if (!Files.exists(templates)) {
                Files.createSymbolicLink(templates, DIR.resolve("templates"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int from = logLines(fleet).size();
        ProcessResult r = drover.playbook(playbook, "-l", "h1", "-e",
                "ansible_ssh_private_key_file=" + fleet.clientKey("ecdsa"));
        assertEquals(0, r.exitCode(), r.describe());
        List<String> lines = logLines(fleet);
        return sessionsOfOurConnection(lines.subList(from, lines.size()));
    }

    /**
     * Sessions of the one connection this run made. Other clients (ansible-playbook, other tests) log in with the
     * fleet's ED25519 key; this run uses the ECDSA one, so its connection is the one accepted with an ECDSA key.
     */
    private static int sessionsOfOurConnection(List<String> lines) {
        List<String> ports = lines.stream()
                .filter(l -> l.startsWith("Accepted publickey for drover") && l.contains(" ssh2: ECDSA "))
                .map(l -> l.replaceAll(".* port (\\d+) ssh2: .*", "$1"))
                .toList();
        assertEquals(1, ports.size(), "connections made with the ECDSA key:\n" + String.join("\n", lines));
        String port = " port " + ports.get(0) + " ";
        return (int) lines.stream().filter(l -> l.startsWith("Starting session:") && l.contains(port)).count();
    }

    private static List<String> logLines(Fleet fleet) {
        try {
            return Files.readAllLines(fleet.sshdLog("h1"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
