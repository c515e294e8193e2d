package io.drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * unarchive run by ansible-playbook and by Drover on the same fleet hosts, each into its own per-host directory
 * ({@code /tmp/unarchive-ansible}, {@code /tmp/unarchive-drover}): every format, remote_src, creates, list_files,
 * include/exclude, mode, failure messages; recaps, changed tasks and the resulting trees of a first and a second run,
 * the zip itemized diff under {@code --diff}, and {@code --check} changing nothing. The archives are built by the
 * test into {@code integration-tests/target/unarchive-archives}. Last, Drover's refusal of an archive with a symlink
 * out of dest and a member written through it (a Drover hardening; Ansible's result is not compared).
 */
@ExtendWith(FleetExtension.class)
class UnarchiveDifferentialTest {

    private static final Path RESOURCES = Fleet.repoRoot().resolve("integration-tests/src/test/resources/unarchive");
    private static final Path ARCHIVES = Fleet.repoRoot().resolve("integration-tests/target/unarchive-archives");

    private static String out(PlaybookRunner runner) {
        return "/tmp/unarchive-" + runner.name();
    }

    private static ProcessResult run(PlaybookRunner runner, String playbook, String... extra) {
        List<String> args = new ArrayList<>(List.of("-e", "out=" + out(runner), "-e", "archives=" + ARCHIVES));
        args.addAll(List.of(extra));
        return runner.playbook(runner.fleet().inventory(), RESOURCES.resolve(playbook), args);
    }

    private static void sh(Path cwd, String script) {
        try {
            Process p = new ProcessBuilder("/bin/sh", "-c", script).directory(cwd.toFile()).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.waitFor(), script + ": " + output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A small tree (file, nested file, symlink) with old mtimes, packed in every format, plus the bad archives. */
    @BeforeAll
    static void buildArchives() throws IOException {
        FileModulesDifferentialTest.deleteTree(ARCHIVES);
        Path root = ARCHIVES.resolve("src/tree");
        Files.createDirectories(root.resolve("sub"));
        Files.writeString(root.resolve("a.txt"), "hello\n");
        Files.writeString(root.resolve("sub/b.txt"), "world\n");
        Files.writeString(root.resolve("run.sh"), "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(root.resolve("a.txt"), PosixFilePermissions.fromString("rw-r-----"));
        Files.setPosixFilePermissions(root.resolve("run.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createSymbolicLink(root.resolve("link"), Path.of("a.txt"));
        sh(root, "touch -h -d '2020-01-02 03:04:05' a.txt sub/b.txt run.sh link sub .");
        String a = ARCHIVES.toString();
        sh(root, "tar -cf " + a + "/tree.tar . && tar -czf " + a + "/tree.tgz . && tar -cjf " + a + "/tree.tar.bz2 . "
                + "&& tar -cJf " + a + "/tree.tar.xz . && tar --zstd -cf " + a + "/tree.tar.zst . "
                + "&& zip -qry " + a + "/tree.zip . && zip -q " + a + "/flat.zip a.txt run.sh "
                + "&& tar -cf " + a + "/nolink.tar a.txt run.sh sub");
        Files.writeString(ARCHIVES.resolve("garbage.tgz"), "not an archive\n");
        Path s1 = Files.createDirectories(ARCHIVES.resolve("src/evil1"));
        Path s2 = Files.createDirectories(ARCHIVES.resolve("src/evil2/escape"));
        Files.createSymbolicLink(s1.resolve("escape"), Path.of("/tmp/unarchive-escaped"));
        Files.writeString(s2.resolve("pwned"), "written outside dest\n");
        sh(ARCHIVES, "tar -cf evil.tar -C src/evil1 escape && tar -rf evil.tar -C src/evil2 escape/pwned");
    }

    private static void clean(Fleet fleet, PlaybookRunner... runners) {
        for (PlaybookRunner r : runners) {
            for (Fleet.Host h : fleet.hosts()) {
                FileModulesDifferentialTest.deleteTree(fleet.hostPath(h.name(), out(r)));
            }
        }
    }

    @Test
    void firstAndSecondRunMatchAnsible(Fleet fleet, AnsibleRunner ansible, DroverRunner drover) {
        clean(fleet, ansible, drover);
        ProcessResult a1 = run(ansible, "unarchive.yml", "--diff");
        ProcessResult d1 = run(drover, "unarchive.yml", "--diff");
        assertEquals(0, a1.exitCode(), a1.describe());
        assertEquals(0, d1.exitCode(), d1.describe());
        assertEquals(RecapParser.parse(a1.stdout()), RecapParser.parse(d1.stdout()), d1.describe());
        assertEquals(FileModulesDifferentialTest.changedTasks(a1.stdout()),
                FileModulesDifferentialTest.changedTasks(d1.stdout()), d1.describe());
        Map<String, List<String>> itemized = itemized(a1.stdout());
        assertFalse(itemized.isEmpty(), "ansible printed no zip diff: " + a1.describe());
        assertEquals(itemized, itemized(d1.stdout()), d1.describe());
        assertTreesEqual(fleet, ansible, drover);

        ProcessResult a2 = run(ansible, "unarchive.yml");
        ProcessResult d2 = run(drover, "unarchive.yml");
        assertEquals(RecapParser.parse(a2.stdout()), RecapParser.parse(d2.stdout()), d2.describe());
        assertEquals(FileModulesDifferentialTest.changedTasks(a2.stdout()),
                FileModulesDifferentialTest.changedTasks(d2.stdout()), d2.describe());
        assertTreesEqual(fleet, ansible, drover);
    }

    @Test
    void checkModeChangesNothing(Fleet fleet, AnsibleRunner ansible, DroverRunner drover) throws IOException {
        for (PlaybookRunner r : List.of(ansible, drover)) {
            assertEquals(0, run(r, "unarchive.yml").exitCode());
            for (Fleet.Host h : fleet.hosts()) {
                // One member changed in a zip dest and in a tar dest: check mode must predict, not repair.
                Files.writeString(fleet.hostPath(h.name(), out(r) + "/zip/a.txt"), "edited\n");
                Files.writeString(fleet.hostPath(h.name(), out(r) + "/tgz/a.txt"), "edited\n");
            }
        }
        Map<String, Map<String, String>> before = new TreeMap<>();
        for (PlaybookRunner r : List.of(ansible, drover)) {
            for (Fleet.Host h : fleet.hosts()) {
                before.put(r.name() + h.name(), FileModulesDifferentialTest.tree(fleet.hostPath(h.name(), out(r))));
            }
        }
        ProcessResult a = run(ansible, "unarchive.yml", "--check");
        ProcessResult d = run(drover, "unarchive.yml", "--check");
        assertEquals(a.exitCode(), d.exitCode(), d.describe());
        assertEquals(RecapParser.parse(a.stdout()), RecapParser.parse(d.stdout()), d.describe());
        assertEquals(FileModulesDifferentialTest.changedTasks(a.stdout()),
                FileModulesDifferentialTest.changedTasks(d.stdout()), d.describe());
        for (PlaybookRunner r : List.of(ansible, drover)) {
            for (Fleet.Host h : fleet.hosts()) {
                assertEquals(before.get(r.name() + h.name()),
                        FileModulesDifferentialTest.tree(fleet.hostPath(h.name(), out(r))),
                        r.name() + " changed " + h.name() + " in check mode");
            }
        }
    }

    @Test
    void droverRefusesAnArchiveEscapingDest(Fleet fleet, DroverRunner drover) {
        clean(fleet, drover);
        for (Fleet.Host h : fleet.hosts()) {
            FileModulesDifferentialTest.deleteTree(fleet.hostPath(h.name(), "/tmp/unarchive-escaped"));
        }
        ProcessResult d = run(drover, "malicious.yml");
        assertEquals(2, d.exitCode(), d.describe());
        for (Fleet.Host h : fleet.hosts()) {
            HostRecap recap = RecapParser.parse(d.stdout()).get(h.name());
            assertEquals(1, recap.failed(), d.describe());
            assertEquals(Map.of(), FileModulesDifferentialTest.tree(fleet.hostPath(h.name(), out(drover) + "/evil"))
                    .entrySet().stream().filter(e -> !e.getKey().isEmpty())
                    .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)),
                    "dest untouched on " + h.name());
            assertFalse(Files.exists(fleet.hostPath(h.name(), "/tmp/unarchive-escaped"),
                    java.nio.file.LinkOption.NOFOLLOW_LINKS), "nothing written outside on " + h.name());
        }
        assertTrue(d.stdout().contains("Refusing to unpack ") && d.stdout().contains("symlink 'escape' points outside dest"),
                d.describe());
    }

    private static void assertTreesEqual(Fleet fleet, PlaybookRunner ansible, PlaybookRunner drover) {
        for (Fleet.Host h : fleet.hosts()) {
            Map<String, String> expected = FileModulesDifferentialTest.tree(fleet.hostPath(h.name(), out(ansible)));
            assertFalse(expected.isEmpty(), "ansible wrote nothing on " + h.name());
            assertEquals(expected, FileModulesDifferentialTest.tree(fleet.hostPath(h.name(), out(drover))), h.name());
        }
    }

    /** Per task, the sorted itemized lines ({@code >f++++++.?? a.txt}) printed from a zip's prepared diff. */
    private static Map<String, List<String>> itemized(String stdout) {
        Map<String, List<String>> out = new TreeMap<>();
        String task = "";
        int n = 0;
        for (String line : stdout.lines().toList()) {
            if (line.startsWith("TASK [")) {
                task = String.format("%02d %s", n++, line.replaceAll(" \\*+$", ""));
            } else if (line.matches("[.>c][dfL][.+a-z?]{9} .*")) {
                out.computeIfAbsent(task, k -> new ArrayList<>()).add(line);
            }
        }
        out.values().forEach(l -> l.sort(null));
        return out;
    }
}
