package io.drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * apt (and package) run by ansible-playbook and by Drover on the fleet's systemd machines. The two share the
 * machines' package state, so they run one after the other, each from the same start (hello, jq, tree and jq's
 * libraries purged): recaps, changed tasks and the installed set after each run must match; in check mode
 * (with --diff) nothing may change and the printed apt summaries must match. Only hello, jq, tree and their
 * dependencies are ever touched.
 */
@ExtendWith(FleetExtension.class)
class AptDifferentialTest {

    private static final Path DIR = Fleet.repoRoot().resolve("integration-tests/src/test/resources/apt");
    private static final String PACKAGES = "hello jq tree libjq1 libonig5";

    private static void reset(Machines machines, String install) {
        for (Fleet.Host m : machines.hosts()) {
            ProcessResult r = machines.ssh(m.name(), "sudo DEBIAN_FRONTEND=noninteractive apt-get purge -y -q "
                    + PACKAGES + " >/dev/null && sudo apt-get update -q >/dev/null"
                    + (install.isEmpty() ? "" : " && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q "
                    + install + " >/dev/null"));
            assertEquals(0, r.exitCode(), r.describe());
        }
    }

    /** Per machine: dpkg's status and version of the test packages, and which of them are marked auto. */
    private static Map<String, String> installed(Machines machines) {
        Map<String, String> out = new TreeMap<>();
        for (Fleet.Host m : machines.hosts()) {
            ProcessResult r = machines.ssh(m.name(), "dpkg-query -W -f='${Package} ${db:Status-Abbrev} ${Version}\\n' "
                    + PACKAGES + " 2>/dev/null; echo auto: $(apt-mark showauto " + PACKAGES + "); ls /usr/sbin/policy-rc.d 2>&1");
            out.put(m.name(), r.stdout());
        }
        return out;
    }

    private static ProcessResult run(PlaybookRunner runner, Machines machines, String playbook, String... extra) {
        return runner.playbook(machines.inventory(), DIR.resolve(playbook), List.of(extra));
    }

    @Test
    void installUpgradeRemovePurgeDebAndFailuresMatchAnsible(Machines machines, AnsibleRunner ansible, DroverRunner drover) {
        reset(machines, "");
        ProcessResult a = run(ansible, machines, "apt.yml", "--diff");
        Map<String, String> afterAnsible = installed(machines);
        reset(machines, "");
        ProcessResult d = run(drover, machines, "apt.yml", "--diff");
        Map<String, String> afterDrover = installed(machines);

        assertEquals(0, a.exitCode(), a.describe());
        assertEquals(0, d.exitCode(), d.describe());
        var recaps = RecapParser.parse(a.stdout());
        assertEquals(recaps, RecapParser.parse(d.stdout()), d.describe());
        assertEquals(FileModulesDifferentialTest.changedTasks(a.stdout()),
                FileModulesDifferentialTest.changedTasks(d.stdout()), d.describe());
        assertEquals(taskOutput(a.stdout(), "install hello and jq"), taskOutput(d.stdout(), "install hello and jq"),
                d.describe());
        assertEquals(afterAnsible, afterDrover);
        for (Fleet.Host m : machines.hosts()) {
            assertTrue(afterDrover.get(m.name()).contains("hello ii  2.10-3"), afterDrover.toString());
            assertTrue(afterDrover.get(m.name()).contains("tree ii  2.1.0-1"), afterDrover.toString());
        }
    }

    @Test
    void checkModeChangesNothingAndPrintsTheSameSummaries(Machines machines, AnsibleRunner ansible, DroverRunner drover) {
        List<ProcessResult> runs = new ArrayList<>();
        for (PlaybookRunner r : List.of(ansible, drover)) {
            reset(machines, "hello");
            Map<String, String> before = installed(machines);
            ProcessResult p = run(r, machines, "check.yml", "--check", "--diff");
            assertEquals(0, p.exitCode(), p.describe());
            assertEquals(before, installed(machines), r.name() + " changed packages in check mode");
            runs.add(p);
        }
        ProcessResult a = runs.get(0);
        ProcessResult d = runs.get(1);
        assertEquals(RecapParser.parse(a.stdout()), RecapParser.parse(d.stdout()), d.describe());
        assertEquals(FileModulesDifferentialTest.changedTasks(a.stdout()),
                FileModulesDifferentialTest.changedTasks(d.stdout()), d.describe());
        for (String task : List.of("install jq and tree", "remove hello")) {
            assertEquals(taskOutput(a.stdout(), task), taskOutput(d.stdout(), task), d.describe());
        }
    }

    /** The lines a task printed between its header and the next task, per-host result lines without details. */
    static List<String> taskOutput(String stdout, String task) {
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String line : stdout.lines().toList()) {
            if (line.startsWith("TASK [")) {
                in = line.startsWith("TASK [" + task + "]");
                continue;
            }
            // apt-get prints "Reading state information..." only when extended_states exists, which other tests'
            // packages on the same machines decide; apt's diff starts after that line or, without it, at the top.
            if (in && !line.isBlank() && !line.equals("Reading package lists...")
                    && !line.equals("Building dependency tree...")) {
                out.add(line.replaceAll(" => .*", ""));
            }
        }
        // Hosts finish in any order: compare as sorted lines.
        out.sort(null);
        return out;
    }
}
