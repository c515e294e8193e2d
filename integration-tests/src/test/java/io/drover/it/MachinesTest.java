package io.drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The fleet's systemd machines are real systemd hosts: ansible-playbook and Drover, over real SSH, find
 * systemd as PID 1 and running, install a package from the fleet's apt repository with become, and
 * start and stop a service with systemctl; the two recaps and changed tasks match. Each machine's
 * services are its own.
 */
@ExtendWith(FleetExtension.class)
class MachinesTest {

    private static final Path PLAYBOOK = Fleet.repoRoot().resolve("integration-tests/src/test/resources/machines/machines.yml");

    private static ProcessResult run(PlaybookRunner runner, Machines machines) {
        ProcessResult r = runner.playbook(machines.inventory(), PLAYBOOK, List.of("-e", "who=" + runner.name()));
        assertEquals(0, r.exitCode(), r.describe());
        return r;
    }

    @Test
    void ansibleAndDroverManagePackagesAndServicesOnEveryMachine(Machines machines, AnsibleRunner ansible, DroverRunner drover) {
        assertEquals(Machines.SIZE, machines.hosts().size(), machines.hosts().toString());
        // Machines kept from an earlier run (DROVER_FLEET_KEEP=1) still have that run's units.
        for (Fleet.Host m : machines.hosts()) {
            ProcessResult clean = machines.ssh(m.name(), "sudo rm -f /etc/systemd/system/drover-it-*.service");
            assertEquals(0, clean.exitCode(), clean.describe());
        }

        ProcessResult a = run(ansible, machines);
        ProcessResult d = run(drover, machines);

        var recaps = RecapParser.parse(a.stdout());
        assertEquals(recaps, RecapParser.parse(d.stdout()), d.describe());
        assertEquals(FileModulesDifferentialTest.changedTasks(a.stdout()),
                FileModulesDifferentialTest.changedTasks(d.stdout()), d.describe());
        for (Fleet.Host m : machines.hosts()) {
            assertEquals(new HostRecap(11, 6, 0, 0, 0, 0, 0), recaps.get(m.name()), a.describe());
            ProcessResult after = machines.ssh(m.name(),
                    "hello; dpkg-query -W -f '${Status}\\n' hello; systemctl is-active drover-it-ansible drover-it-drover");
            assertEquals("Hello, world!\ninstall ok installed\ninactive\ninactive\n", after.stdout(), after.describe());
        }
    }

    @Test
    void eachMachineIsItsOwnSystem(Machines machines) {
        for (Fleet.Host m : machines.hosts()) {
            ProcessResult who = machines.ssh(m.name(),
                    "hostname; ip -4 -o addr show dev eth0 | awk '{print $4}'; cat /proc/1/comm; sudo -n id -u; "
                            + "grep -v '^#' /etc/apt/sources.list");
            assertEquals(m.name() + "\n" + m.address() + "/24\nsystemd\n0\ndeb [trusted=yes] file:/opt/drover-apt ./\n",
                    who.stdout(), who.describe());
        }
        // One machine's units must not share cgroups with another's: stopping a service on s1 leaves s2's running.
        for (Fleet.Host m : machines.hosts()) {
            ProcessResult start = machines.ssh(m.name(), "sudo systemd-run --unit=drover-it-own --collect sleep infinity");
            assertEquals(0, start.exitCode(), start.describe());
        }
        String first = machines.hosts().get(0).name();
        ProcessResult stop = machines.ssh(first, "sudo systemctl stop drover-it-own; systemctl is-active drover-it-own");
        assertEquals("inactive\n", stop.stdout(), stop.describe());
        for (Fleet.Host m : machines.hosts().subList(1, machines.hosts().size())) {
            ProcessResult still = machines.ssh(m.name(), "systemctl is-active drover-it-own; pgrep -cx sleep");
            assertEquals("active\n1\n", still.stdout(), still.describe());
            machines.ssh(m.name(), "sudo systemctl stop drover-it-own");
        }
    }
}
