package io.drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The MLOps load-balancer scenario ({@code playbooks/mlops-lb.yml}: model servers as systemd services, HAProxy
 * from the apt mirror with a validated template and a reload handler, a request through the balancer) run by
 * ansible-playbook and by Drover, each on freshly booted machines: same recaps and changed tasks on the first and
 * the second run, and the same state on the machines afterwards (installed packages, unit states, files).
 */
@ExtendWith(FleetExtension.class)
class MlopsLoadBalancerTest {

    private static final Path PLAYBOOK = Fleet.repoRoot().resolve("playbooks/mlops-lb.yml");
    private static final Path ROLES = Fleet.repoRoot().resolve("inventory-samples/mlops-lb.ini");
    private static final String STATE = "dpkg-query -W -f '${Package} ${Status}\\n' haproxy; "
            + "systemctl is-active haproxy model-server; systemctl is-enabled model-server; "
            + "sha1sum /etc/haproxy/haproxy.cfg /etc/systemd/system/model-server.service /opt/models/*/health "
            + "2>/dev/null; stat -c '%n %a %U' /opt/models /opt/models/* 2>/dev/null; true";

    @Test
    void scenarioMatchesAnsibleOnFreshMachines(Machines machines, AnsibleRunner ansible, DroverRunner drover) {
        List<ProcessResult> ansibleRuns = runTwice(machines, ansible);
        Map<String, String> ansibleState = state(machines);
        List<ProcessResult> droverRuns = runTwice(machines, drover);
        for (int i = 0; i < 2; i++) {
            ProcessResult a = ansibleRuns.get(i);
            ProcessResult d = droverRuns.get(i);
            assertEquals(0, a.exitCode(), a.describe());
            assertEquals(0, d.exitCode(), d.describe());
            assertEquals(RecapParser.parse(a.stdout()), RecapParser.parse(d.stdout()), "run " + (i + 1) + ": " + d.describe());
            assertEquals(FileModulesDifferentialTest.changedTasks(a.stdout()),
                    FileModulesDifferentialTest.changedTasks(d.stdout()), "run " + (i + 1) + ": " + d.describe());
        }
        assertEquals(ansibleState, state(machines));
    }

    /** A first and a second run on machines booted fresh for this tool. */
    private static List<ProcessResult> runTwice(Machines machines, PlaybookRunner runner) {
        machines.reboot();
        List<ProcessResult> runs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            runs.add(runner.playbook(machines.inventory(), PLAYBOOK, List.of("-i", ROLES.toString())));
        }
        return runs;
    }

    private static Map<String, String> state(Machines machines) {
        Map<String, String> out = new TreeMap<>();
        for (Fleet.Host m : machines.hosts()) {
            ProcessResult r = machines.ssh(m.name(), STATE);
            assertEquals(0, r.exitCode(), r.describe());
            out.put(m.name(), r.stdout());
        }
        return out;
    }
}
