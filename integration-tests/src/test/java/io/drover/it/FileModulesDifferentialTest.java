package io.drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * copy, template, file and stat run by ansible-playbook and by Drover on the same fleet hosts, each into its own
 * per-host directory ({@code /tmp/files-ansible}, {@code /tmp/files-drover}): recaps of a first and a second run,
 * the resulting trees (content, type, mode, owner, group, link targets, hard links), check mode changing nothing,
 * and the {@code --diff} text.
 */
@ExtendWith(FleetExtension.class)
class FileModulesDifferentialTest {

    private static final Path PLAYBOOK = Fleet.repoRoot().resolve("integration-tests/src/test/resources/files/files.yml");

    private static String out(PlaybookRunner runner) {
        return "/tmp/files-" + runner.name();
    }

    private static ProcessResult run(PlaybookRunner runner, String... extra) {
        List<String> args = new ArrayList<>(List.of("-e", "out=" + out(runner)));
        args.addAll(List.of(extra));
        return runner.playbook(runner.fleet().inventory(), PLAYBOOK, args);
    }

    @Test
    void firstAndSecondRunMatchAnsible(Fleet fleet, AnsibleRunner ansible, DroverRunner drover) {
        for (PlaybookRunner r : List.of(ansible, drover)) {
            for (Fleet.Host h : fleet.hosts()) {
                deleteTree(fleet.hostPath(h.name(), out(r)));
            }
        }
        ProcessResult a1 = run(ansible, "--diff");
        ProcessResult d1 = run(drover, "--diff");
        assertEquals(0, a1.exitCode(), a1.describe());
        assertEquals(0, d1.exitCode(), d1.describe());
        assertEquals(RecapParser.parse(a1.stdout()), RecapParser.parse(d1.stdout()), d1.describe());
        assertEquals(changedTasks(a1.stdout()), changedTasks(d1.stdout()), d1.describe());
        assertEquals(diffBlocks(a1.stdout(), out(ansible)), diffBlocks(d1.stdout(), out(drover)), d1.describe());
        assertTreesEqual(fleet, ansible, drover);

        ProcessResult a2 = run(ansible);
        ProcessResult d2 = run(drover);
        assertEquals(RecapParser.parse(a2.stdout()), RecapParser.parse(d2.stdout()), d2.describe());
        assertEquals(changedTasks(a2.stdout()), changedTasks(d2.stdout()), d2.describe());
        assertTreesEqual(fleet, ansible, drover);
    }

    @Test
    void checkModeChangesNothingAndDiffOutputMatches(Fleet fleet, AnsibleRunner ansible, DroverRunner drover) {
        for (PlaybookRunner r : List.of(ansible, drover)) {
            ProcessResult setup = run(r);
            assertEquals(0, setup.exitCode(), setup.describe());
        }
        Map<String, Map<String, String>> before = new TreeMap<>();
        for (PlaybookRunner r : List.of(ansible, drover)) {
            for (Fleet.Host h : fleet.hosts()) {
                before.put(r.name() + h.name(), tree(fleet.hostPath(h.name(), out(r))));
            }
        }
        String[] changes = {"--check", "--diff", "-e", "version=2", "-e", "greeting=bye", "-e", "{\"ports\": [80, 8443]}"};
        ProcessResult a = run(ansible, changes);
        ProcessResult d = run(drover, changes);
        assertEquals(0, a.exitCode(), a.describe());
        assertEquals(a.exitCode(), d.exitCode(), d.describe());
        assertEquals(RecapParser.parse(a.stdout()), RecapParser.parse(d.stdout()), d.describe());
        assertEquals(changedTasks(a.stdout()), changedTasks(d.stdout()), d.describe());
        for (PlaybookRunner r : List.of(ansible, drover)) {
            for (Fleet.Host h : fleet.hosts()) {
                assertEquals(before.get(r.name() + h.name()), tree(fleet.hostPath(h.name(), out(r))),
                        r.name() + " changed " + h.name() + " in check mode");
            }
        }
        Map<String, List<String>> expected = diffBlocks(a.stdout(), out(ansible));
        assertFalse(expected.isEmpty(), "ansible printed no diff: " + a.describe());
        assertEquals(expected, diffBlocks(d.stdout(), out(drover)), d.describe());

        // Applying the same changes reports the same, and a re-run is quiet again.
        String[] apply = {"--diff", "-e", "version=2", "-e", "greeting=bye", "-e", "{\"ports\": [80, 8443]}"};
        ProcessResult a2 = run(ansible, apply);
        ProcessResult d2 = run(drover, apply);
        assertEquals(RecapParser.parse(a2.stdout()), RecapParser.parse(d2.stdout()), d2.describe());
        assertEquals(diffBlocks(a2.stdout(), out(ansible)), diffBlocks(d2.stdout(), out(drover)), d2.describe());
        assertTreesEqual(fleet, ansible, drover);
    }

    private static void assertTreesEqual(Fleet fleet, PlaybookRunner ansible, PlaybookRunner drover) {
        for (Fleet.Host h : fleet.hosts()) {
            Map<String, String> expected = tree(fleet.hostPath(h.name(), out(ansible)));
            assertFalse(expected.isEmpty(), "ansible wrote nothing on " + h.name());
            assertEquals(expected, tree(fleet.hostPath(h.name(), out(drover))), h.name());
        }
    }

    /** Per task banner, the sorted names of hosts reported changed (hosts finish in any order). */
    static Map<String, List<String>> changedTasks(String stdout) {
        Map<String, List<String>> out = new TreeMap<>();
        String task = "";
        int n = 0;
        for (String line : stdout.lines().toList()) {
            if (line.startsWith("TASK [")) {
                task = String.format("%02d %s", n++, line.replaceAll(" \\*+$", ""));
                out.put(task, new ArrayList<>());
            } else if (line.startsWith("changed: [")) {
                out.get(task).add(line.replaceAll(" => .*", ""));
            }
        }
        out.values().forEach(l -> l.sort(Comparator.naturalOrder()));
        return out;
    }

    /**
     * Per task, the diff blocks printed under {@code --diff} (from {@code --- before} to the blank line), with the
     * output directory replaced and Ansible's controller temp paths in {@code +++ after:} headers dropped, sorted.
     */
    static Map<String, List<String>> diffBlocks(String stdout, String outDir) {
        Map<String, List<String>> blocks = new TreeMap<>();
        String task = "";
        int n = 0;
        StringBuilder block = null;
        for (String line : stdout.lines().toList()) {
            if (line.startsWith("TASK [")) {
                task = String.format("%02d %s", n++, line.replaceAll(" \\*+$", ""));
                continue;
            }
            if (block == null && line.startsWith("--- before")) {
                block = new StringBuilder();
            }
            if (block == null) {
                continue;
            }
            if (line.isEmpty()) {
                blocks.computeIfAbsent(task, k -> new ArrayList<>()).add(block.toString());
                block = null;
                continue;
            }
            String l = line.replace(outDir, "OUT");
            if (l.startsWith("+++ after: ") && !l.contains("OUT")) {
                l = "+++ after: (controller file)";
            }
            block.append(l).append('\n');
        }
        blocks.values().forEach(l -> l.sort(Comparator.naturalOrder()));
        return blocks;
    }

    /** Every path under root: type, mode, owner, group and content, link target or hard-link count. */
    static Map<String, String> tree(Path root) {
        Map<String, String> entries = new TreeMap<>();
        if (!Files.isDirectory(root)) {
            return entries;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                String rel = root.relativize(p).toString();
                String perms = PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
                Object uid = Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
                Object gid = Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS);
                String what;
                if (Files.isSymbolicLink(p)) {
                    what = "link -> " + Files.readSymbolicLink(p);
                } else if (Files.isDirectory(p)) {
                    what = "dir";
                } else {
                    Object nlink = Files.getAttribute(p, "unix:nlink");
                    what = "file nlink=" + nlink + " " + new String(Files.readAllBytes(p));
                }
                entries.put(rel, perms + " " + uid + ":" + gid + " " + what);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertTrue(!Files.exists(root));
    }
}
