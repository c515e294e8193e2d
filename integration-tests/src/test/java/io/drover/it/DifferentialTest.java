package io.drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same playbooks run by ansible-playbook and by Drover on the same real hosts: exit codes, per-host recaps and
 * the files the playbooks leave on the hosts must match.
 */
@ExtendWith(FleetExtension.class)
class DifferentialTest {

    private static Path playbook(String name) {
        return Fleet.repoRoot().resolve("integration-tests/src/test/resources/diff").resolve(name);
    }

    @Test
    void corePlaybookMatchesAnsible(Fleet fleet, AnsibleRunner ansible, DroverRunner drover) {
        for (Fleet.Host h : fleet.hosts()) {
            deleteTree(fleet.hostPath(h.name(), "/tmp/diff-ansible"));
            deleteTree(fleet.hostPath(h.name(), "/tmp/diff-drover"));
        }
        ProcessResult a = ansible.playbook(playbook("core.yml"), "-e", "out=/tmp/diff-ansible", "-e", "extra_value=cli");
        ProcessResult d = drover.playbook(playbook("core.yml"), "-e", "out=/tmp/diff-drover", "-e", "extra_value=cli");
        assertEquals(0, a.exitCode(), a.describe());
        assertEquals(a.exitCode(), d.exitCode(), d.describe());
        assertEquals(RecapParser.parse(a.stdout()), RecapParser.parse(d.stdout()), d.describe());
        for (Fleet.Host h : fleet.hosts()) {
            Map<String, String> expected = tree(fleet.hostPath(h.name(), "/tmp/diff-ansible"));
            assertFalse(expected.isEmpty(), "ansible wrote nothing on " + h.name());
            assertEquals(expected, tree(fleet.hostPath(h.name(), "/tmp/diff-drover")), h.name());
        }
        // A second run changes what Ansible's second run changes (creates= makes the first task idempotent).
        ProcessResult a2 = ansible.playbook(playbook("core.yml"), "-e", "out=/tmp/diff-ansible", "-e", "extra_value=cli");
        ProcessResult d2 = drover.playbook(playbook("core.yml"), "-e", "out=/tmp/diff-drover", "-e", "extra_value=cli");
        assertEquals(RecapParser.parse(a2.stdout()), RecapParser.parse(d2.stdout()), d2.describe());
    }

    @Test
    void mlopsSampleMatchesAnsibleAndIsIdempotent(Fleet fleet, AnsibleRunner ansible, DroverRunner drover)
            throws IOException {
        Path inventory = Files.createTempFile("drover-mlops", ".ini");
        Path sample = Fleet.repoRoot().resolve("playbooks/mlops-sample.yml");
        try {
            Files.writeString(inventory, Files.readString(fleet.inventory())
                    + "\n[ml_servers:children]\nfleet\n\n[gpu_nodes]\nh1\n");
            Map<String, Map<String, String>> produced = new TreeMap<>();
            for (PlaybookRunner runner : List.of(ansible, drover)) {
                for (Fleet.Host h : fleet.hosts()) {
                    deleteTree(fleet.hostPath(h.name(), "/tmp/drover-demo"));
                }
                ProcessResult first = runner.playbook(inventory, sample, List.of());
                ProcessResult second = runner.playbook(inventory, sample, List.of());
                assertEquals(0, first.exitCode(), first.describe());
                assertEquals(0, second.exitCode(), second.describe());
                for (HostRecap r : RecapParser.parse(second.stdout()).values()) {
                    assertEquals(0, r.changed(), runner.name() + " second run must change nothing: " + second.describe());
                }
                produced.put(runner.name() + " first", recapText(first));
                produced.put(runner.name() + " second", recapText(second));
                for (Fleet.Host h : fleet.hosts()) {
                    produced.put(runner.name() + " files " + h.name(), tree(fleet.hostPath(h.name(), "/tmp/drover-demo")));
                }
            }
            for (String key : List.of("first", "second", "files h1", "files h2", "files h3")) {
                assertEquals(produced.get("ansible " + key), produced.get("drover " + key), key);
            }
        } finally {
            Files.deleteIfExists(inventory);
        }
    }

    private static Map<String, String> recapText(ProcessResult r) {
        Map<String, String> out = new TreeMap<>();
        RecapParser.parse(r.stdout()).forEach((h, recap) -> out.put(h, recap.toString()));
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"failing.yml", "undefined.yml", "unknown-handler.yml", "any-errors-fatal.yml", "serial.yml", "handlers-force.yml"})
    void failuresMatchAnsible(String name, AnsibleRunner ansible, DroverRunner drover) {
        ProcessResult a = ansible.playbook(playbook(name));
        ProcessResult d = drover.playbook(playbook(name));
        assertTrue(a.exitCode() != 0, a.describe());
        assertEquals(a.exitCode(), d.exitCode(), d.describe());
        if (a.stdout().contains("PLAY RECAP")) {
            assertEquals(RecapParser.parse(a.stdout()), RecapParser.parse(d.stdout()), d.describe());
        }
    }

    @Test
    void forceHandlersMatchesAnsible(AnsibleRunner ansible, DroverRunner drover) {
        ProcessResult a = ansible.playbook(playbook("handlers-force.yml"), "--force-handlers");
        ProcessResult d = drover.playbook(playbook("handlers-force.yml"), "--force-handlers");
        assertEquals(2, a.exitCode(), a.describe());
        assertEquals(a.exitCode(), d.exitCode(), d.describe());
        assertEquals(RecapParser.parse(a.stdout()), RecapParser.parse(d.stdout()), d.describe());
        assertEquals(handlerBanners(a.stdout()), handlerBanners(d.stdout()), d.describe());
    }

    @Test
    void checkModeMatchesAnsible(AnsibleRunner ansible, DroverRunner drover) {
        ProcessResult a = ansible.playbook(playbook("check-mode.yml"), "--check");
        ProcessResult d = drover.playbook(playbook("check-mode.yml"), "--check");
        assertEquals(0, a.exitCode(), a.describe());
        assertEquals(a.exitCode(), d.exitCode(), d.describe());
        assertEquals(RecapParser.parse(a.stdout()), RecapParser.parse(d.stdout()), d.describe());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "--tags=t1", "--tags=never", "--tags=debug", "--tags=playtag", "--skip-tags=t1",
            "--skip-tags=all", "--tags=tagged", "--tags=untagged", "--tags=blk,t1"})
    void tagSelectionMatchesAnsible(String flag, AnsibleRunner ansible, DroverRunner drover) {
        String[] args = flag.isEmpty() ? new String[0] : new String[]{flag};
        ProcessResult a = ansible.playbook(playbook("tags.yml"), args);
        ProcessResult d = drover.playbook(playbook("tags.yml"), args);
        assertEquals(0, a.exitCode(), a.describe());
        assertEquals(a.exitCode(), d.exitCode(), d.describe());
        assertEquals(RecapParser.parse(a.stdout()), RecapParser.parse(d.stdout()), d.describe());
        assertEquals(taskBanners(a.stdout()), taskBanners(d.stdout()), d.describe());
        List<String> listing = new java.util.ArrayList<>(List.of("--list-tasks", "--list-tags"));
        listing.addAll(List.of(args));
        ProcessResult la = ansible.playbook(ansible.fleet().inventory(), playbook("tags.yml"), listing);
        ProcessResult ld = drover.playbook(drover.fleet().inventory(), playbook("tags.yml"), listing);
        assertEquals(la.stdout(), ld.stdout(), ld.describe());
    }

    private static List<String> taskBanners(String stdout) {
        return stdout.lines().filter(l -> l.startsWith("TASK [")).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"roles.yml", "include.yml", "include-role.yml"})
    void rolesAndIncludesMatchAnsible(String name, AnsibleRunner ansible, DroverRunner drover) {
        ProcessResult a = ansible.playbook(playbook(name));
        ProcessResult d = drover.playbook(playbook(name));
        assertEquals(0, a.exitCode(), a.describe());
        assertEquals(a.exitCode(), d.exitCode(), d.describe());
        assertEquals(RecapParser.parse(a.stdout()), RecapParser.parse(d.stdout()), d.describe());
        assertEquals(taskBanners(a.stdout()), taskBanners(d.stdout()), d.describe());
        assertEquals(sortedLines(a.stdout()), sortedLines(d.stdout()), d.describe());
    }

    /**
     * Output lines in sorted order: hosts finish in any order, everything else must be identical. The host list of an
     * "included: FILE for h3, h2" line follows the order results arrived in, so it is sorted too.
     */
    private static List<String> sortedLines(String stdout) {
        return stdout.lines().map(DifferentialTest::sortIncludedHosts).sorted().toList();
    }

    private static String sortIncludedHosts(String line) {
        var m = INCLUDED.matcher(line);
        if (!m.matches()) {
            return line;
        }
        var hosts = Arrays.stream(m.group(2).split(", ")).sorted().toList();
        return m.group(1) + String.join(", ", hosts) + Objects.toString(m.group(3), "");
    }

    private static final Pattern INCLUDED =
            Pattern.compile("(included: .* for )([^=]+?)( => \\(item=.*\\))?$");

    @Test
    void diffsAreShownOnlyInDiffMode(Fleet fleet, AnsibleRunner ansible, DroverRunner drover) {
        for (List<String> mode : List.of(List.<String>of(), List.of("--diff"))) {
            for (PlaybookRunner r : List.of(ansible, drover)) {
                for (Fleet.Host h : fleet.hosts()) {
                    FileModulesDifferentialTest.deleteTree(fleet.hostPath(h.name(), "/tmp/diff-keyword-" + r.name()));
                }
            }
            ProcessResult a = ansible.playbook(playbook("diff-keyword.yml"), runnerArgs(ansible, mode));
            ProcessResult d = drover.playbook(playbook("diff-keyword.yml"), runnerArgs(drover, mode));
            assertEquals(0, a.exitCode(), a.describe());
            assertEquals(a.exitCode(), d.exitCode(), d.describe());
            Map<String, List<String>> expected = FileModulesDifferentialTest.diffBlocks(a.stdout(), "/tmp/diff-keyword-ansible");
            assertFalse(expected.isEmpty(), a.describe());
            assertEquals(expected, FileModulesDifferentialTest.diffBlocks(d.stdout(), "/tmp/diff-keyword-drover"),
                    "diff mode " + mode + ": " + d.describe());
        }
    }

    private static String[] runnerArgs(PlaybookRunner r, List<String> extra) {
        List<String> args = new ArrayList<>(List.of("-e", "runner=" + r.name()));
        args.addAll(extra);
        return args.toArray(String[]::new);
    }

    /** The RUNNING HANDLER banners in order: handlers run in definition order, once per flush. */
    private static List<String> handlerBanners(String stdout) {
        return stdout.lines().filter(l -> l.startsWith("RUNNING HANDLER")).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"broken-yaml.yml", "unknown-module.yml"})
    void parseErrorsExitLikeAnsibleAndNameTheFileAndLine(String name, AnsibleRunner ansible, DroverRunner drover) {
        ProcessResult a = ansible.playbook(playbook(name));
        ProcessResult d = drover.playbook(playbook(name));
        assertEquals(4, a.exitCode(), a.describe());
        assertEquals(a.exitCode(), d.exitCode(), d.describe());
        assertTrue(d.stderr().contains(name) && d.stderr().matches("(?s).*line \\d+.*"), d.describe());
        assertFalse(d.stdout().contains("TASK ["), "nothing may run before the error: " + d.describe());
    }

    @Test
    void unreachableHostExitsFourAndOthersContinue(Fleet fleet, AnsibleRunner ansible, DroverRunner drover)
            throws IOException {
        Path inventory = Files.createTempFile("drover-unreachable", ".ini");
        try {
            String fleetInventory = Files.readString(fleet.inventory());
            // 10.77.0.250 is on the fleet's bridge but nobody answers there.
            Files.writeString(inventory, fleetInventory + "\n[ghosts]\nghost ansible_host=10.77.0.250 ansible_user=drover\n");
            ProcessResult a = ansible.playbook(inventory, playbook("unreachable.yml"), List.of());
            ProcessResult d = drover.playbook(inventory, playbook("unreachable.yml"), List.of());
            assertEquals(4, a.exitCode(), a.describe());
            assertEquals(a.exitCode(), d.exitCode(), d.describe());
            assertEquals(RecapParser.parse(a.stdout()), RecapParser.parse(d.stdout()), d.describe());
            assertTrue(d.stdout().contains("fatal: [ghost]: UNREACHABLE!"), d.describe());
        } finally {
            Files.deleteIfExists(inventory);
        }
    }

    private static Map<String, String> tree(Path root) {
        Map<String, String> files = new TreeMap<>();
        if (!Files.isDirectory(root)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(p).toString(), Files.readString(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            List<Path> all = new ArrayList<>(walk.toList());
            java.util.Collections.reverse(all);
            for (Path p : all) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
