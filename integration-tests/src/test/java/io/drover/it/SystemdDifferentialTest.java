package io.drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * systemd, systemd_service and service run by ansible-playbook and then by Drover on the fleet's systemd machines
 * (playbook systemd/systemd.yml): daemon-reload, start/restart/reload/stop with and without changes, enable,
 * disable, mask, a masked and a missing unit failing with Ansible's messages, a template instance, check mode, a
 * handler restarting after a unit file change, and the service module on systemd. Both runs use the same units
 * (drover-demo*.service), so the machines are reset before each. Compared: recaps, changed tasks, the
 * units' final states, and what every registered result held (keys and the stable values, written by the playbook).
 */
@ExtendWith(FleetExtension.class)
class SystemdDifferentialTest {

    private static final Path PLAYBOOK = Fleet.repoRoot().resolve("integration-tests/src/test/resources/systemd/systemd.yml");

    private static final String RESET = "sudo sh -c 'systemctl stop \"drover-demo*\"; systemctl disable drover-demo.service;"
            + " systemctl unmask drover-demo.service drover-demo-etc.service;"
            + " rm -f /usr/local/lib/systemd/system/drover-demo.service \"/usr/local/lib/systemd/system/drover-demo-tpl@.service\""
            + " /etc/systemd/system/drover-demo.service \"/etc/systemd/system/drover-demo-tpl@.service\""
            + " /etc/systemd/system/drover-demo-etc.service /tmp/drover-systemd-summary.txt;"
            + " mkdir -p /usr/local/lib/systemd/system; systemctl daemon-reload; systemctl reset-failed \"drover-demo*\"' >/dev/null 2>&1; true";

    private static final String STATE = "systemctl is-active drover-demo drover-demo-tpl@one; systemctl is-enabled drover-demo drover-demo-etc;"
            + " cat /tmp/drover-systemd-summary.txt";

    private record Run(ProcessResult result, Map<String, String> stateByMachine) {}

    private static Run run(PlaybookRunner runner, Machines machines) {
        for (Fleet.Host m : machines.hosts()) {
            ProcessResult reset = machines.ssh(m.name(), RESET);
            assertEquals(0, reset.exitCode(), reset.describe());
        }
        ProcessResult r = runner.playbook(machines.inventory(), PLAYBOOK, List.of());
        assertEquals(0, r.exitCode(), r.describe());
        Map<String, String> states = new TreeMap<>();
        for (Fleet.Host m : machines.hosts()) {
            states.put(m.name(), machines.ssh(m.name(), STATE).stdout());
        }
        return new Run(r, states);
    }

    @Test
    void systemdAndServiceBehaveAsInAnsible(Machines machines, AnsibleRunner ansible, DroverRunner drover) {
        try {
            Run a = run(ansible, machines);
            Run d = run(drover, machines);
            var recaps = RecapParser.parse(a.result().stdout());
            assertEquals(recaps, RecapParser.parse(d.result().stdout()), d.result().describe());
            for (Fleet.Host m : machines.hosts()) {
                assertEquals(3, recaps.get(m.name()).ignored(), a.result().describe());
            }
            assertEquals(FileModulesDifferentialTest.changedTasks(a.result().stdout()),
                    FileModulesDifferentialTest.changedTasks(d.result().stdout()), d.result().describe());
            assertEquals(a.stateByMachine(), d.stateByMachine(), d.result().describe());
            String first = a.stateByMachine().get(machines.hosts().get(0).name());
            assertTrue(first.contains("masked_start: keys=changed,failed,msg\n") && first.contains("msg=Unable to start "
                    + "service drover-demo: Failed to start drover-demo.service: Unit drover-demo.service is masked."), first);
            assertTrue(first.startsWith("active\nactive\nenabled\nstatic\n"), first);
        } finally {
            for (Fleet.Host m : machines.hosts()) {
                machines.ssh(m.name(), RESET);
            }
        }
    }
}
