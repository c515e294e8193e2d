package io.drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * lineinfile and blockinfile run by ansible-playbook and by Drover on the same fleet hosts, each into its own
 * per-host directory ({@code /tmp/lineblock-ansible}, {@code /tmp/lineblock-drover}): recaps, changed tasks,
 * {@code --diff} text, the registered results the playbook prints (msg, found, backup, attribute diff, failure
 * messages and rc), and the resulting trees with backup files' PID/timestamp suffix normalised — on a first run, a
 * second run (idempotence), a check run with changed variables (nothing written), the same changes applied and
 * re-run, and undone without {@code --diff}.
 */
@ExtendWith(FleetExtension.class)
class LineBlockDifferentialTest {

    private static final Path PLAYBOOK =
            Fleet.repoRoot().resolve("integration-tests/src/test/resources/lineblock/lineblock.yml");
    private static final String CHANGES = "{\"v\": 2, \"sshport\": 2200}";

    private static String out(PlaybookRunner runner) {
        return "/tmp/lineblock-" + runner.name();
    }

    private static ProcessResult run(PlaybookRunner runner, String... extra) {
        List<String> args = new ArrayList<>(List.of("-e", "out=" + out(runner)));
        args.addAll(List.of(extra));
        return runner.playbook(runner.fleet().inventory(), PLAYBOOK, args);
    }

    @Test
    void firstRunSecondRunCheckModeAndChangesMatchAnsible(Fleet fleet, AnsibleRunner ansible, DroverRunner drover) {
        for (PlaybookRunner r : List.of(ansible, drover)) {
            for (Fleet.Host h : fleet.hosts()) {
                FileModulesDifferentialTest.deleteTree(fleet.hostPath(h.name(), out(r)));
            }
        }
        compare(fleet, ansible, drover, "first run", "--diff");
        compare(fleet, ansible, drover, "second run");

        Map<String, Map<String, String>> before = trees(fleet, ansible, drover);
        compare(fleet, ansible, drover, "check run", "--check", "--diff", "-e", CHANGES);
        assertEquals(before, trees(fleet, ansible, drover), "check mode changed files");

        compare(fleet, ansible, drover, "changes applied", "--diff", "-e", CHANGES);
        compare(fleet, ansible, drover, "changes re-run", "-e", CHANGES);
        // Back to the defaults without --diff: content and mode change, and nothing may print a diff.
        compare(fleet, ansible, drover, "changes undone");
    }

    private static void compare(Fleet fleet, AnsibleRunner ansible, DroverRunner drover, String what, String... args) {
        ProcessResult a = run(ansible, args);
        ProcessResult d = run(drover, args);
        assertEquals(0, a.exitCode(), what + ": " + a.describe());
        assertEquals(0, d.exitCode(), what + ": " + d.describe());
        assertEquals(RecapParser.parse(a.stdout()), RecapParser.parse(d.stdout()), what + ": " + d.describe());
        assertEquals(FileModulesDifferentialTest.changedTasks(a.stdout()),
                FileModulesDifferentialTest.changedTasks(d.stdout()), what + ": " + d.describe());
        assertEquals(FileModulesDifferentialTest.diffBlocks(a.stdout(), out(ansible)),
                FileModulesDifferentialTest.diffBlocks(d.stdout(), out(drover)), what + ": " + d.describe());
        Map<String, String> expected = registered(a.stdout(), out(ansible));
        assertEquals(fleet.hosts().size(), expected.size(), what + ": " + a.describe());
        assertEquals(expected, registered(d.stdout(), out(drover)), what + ": " + d.describe());
        Map<String, Map<String, String>> trees = trees(fleet, ansible, drover);
        for (Fleet.Host h : fleet.hosts()) {
            Map<String, String> want = trees.get(ansible.name() + " " + h.name());
            assertFalse(want.isEmpty(), what + ": ansible wrote nothing on " + h.name());
            assertEquals(want, trees.get(drover.name() + " " + h.name()), what + ": " + h.name());
        }
    }

    /** Each runner's tree per host; backup names {@code file.PID.DATE@TIME~} become {@code file.BACKUP~}. */
    private static Map<String, Map<String, String>> trees(Fleet fleet, PlaybookRunner... runners) {
        Map<String, Map<String, String>> all = new TreeMap<>();
        for (PlaybookRunner r : runners) {
            for (Fleet.Host h : fleet.hosts()) {
                Map<String, List<String>> byName = new TreeMap<>();
                FileModulesDifferentialTest.tree(fleet.hostPath(h.name(), out(r))).forEach((path, entry) -> byName
                        .computeIfAbsent(path.replaceAll("\\.\\d+\\.\\d{4}-\\d\\d-\\d\\d@\\d\\d:\\d\\d:\\d\\d~$", ".BACKUP~"),
                                k -> new ArrayList<>()).add(entry));
                // A file backed up in several runs has several backups; their PIDs do not sort them, so sort entries.
                Map<String, String> tree = new TreeMap<>();
                byName.forEach((name, entries) -> tree.put(name, String.join(" | ", entries.stream().sorted().toList())));
                all.put(r.name() + " " + h.name(), tree);
            }
        }
        return all;
    }

    /** The {@code registered results} debug output per host, output directory replaced. */
    static Map<String, String> registered(String stdout, String outDir) {
        Map<String, String> byHost = new TreeMap<>();
        List<String> lines = stdout.lines().toList();
        boolean inTask = false;
        String host = null;
        StringBuilder block = new StringBuilder();
        for (String line : lines) {
            if (line.startsWith("TASK [")) {
                inTask = line.startsWith("TASK [registered results]");
                continue;
            }
            if (!inTask) {
                continue;
            }
            if (host == null && line.startsWith("ok: [")) {
                host = line.substring(5, line.indexOf(']'));
                block.setLength(0);
            } else if (host != null) {
                if (line.equals("}")) {
                    byHost.put(host, block.toString());
                    host = null;
                } else {
                    block.append(line.replace(outDir, "OUT")).append('\n');
                }
            }
        }
        return byHost;
    }
}
