package io.drover.it;

import static io.drover.it.ConnectionCase.bastionProxyCommand;
import static io.drover.it.ConnectionCase.fleetKnownHosts;
import static io.drover.it.ConnectionCase.q;
import static io.drover.it.Fleet.BASTION_HIDDEN_ADDRESS;
import static io.drover.it.Fleet.GATEWAY_ADDRESS;
import static io.drover.it.Fleet.HIDDEN;
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
 * Jump hosts, the way users' inventories set them: ProxyJump and ProxyCommand {@code ssh -W %h:%p} in
 * {@code ansible_ssh_common_args}, in ansible.cfg's {@code ssh_args}, and in an ssh_config file given with
 * {@code -F}. The targets are hidden1, which only h1 can reach (so reaching it at all needs the jump), and ordinary
 * fleet hosts reached through h1, whose {@code $SSH_CONNECTION} then names h1 instead of this machine.
 */
@ExtendWith(FleetExtension.class)
class JumpHostDifferentialTest {

    @TempDir
    Path dir;

    /** hidden1 and h2 with the fleet's user and key, and {@code vars} added to all hosts. */
    private static String hiddenAndH2(Fleet fleet, String vars) {
        return """
                all:
                  hosts:
                    hidden1:
                      ansible_host: %s
                    h2:
                      ansible_host: %s
                  vars:
                    ansible_user: drover
                    ansible_ssh_private_key_file: %s
                %s""".formatted(HIDDEN.address(), fleet.host("h2").address(), fleet.privateKey(), vars);
    }

    @Test
    void hiddenHostIsUnreachableWithoutAJump(Fleet fleet, AnsibleRunner ansible, DroverRunner drover) {
        new ConnectionCase(fleet, dir, "no jump")
                .inventory(hiddenAndH2(fleet, "    ansible_ssh_common_args: " + q(fleetKnownHosts(fleet)) + "\n"))
                .unreachable("hidden1")
                .reaches("h2", "h2", GATEWAY_ADDRESS)
                .verify(ansible, drover);
    }

    /**
     * ProxyJump in the inventory's common args. OpenSSH hands a jump host only {@code -F}, not the other
     * {@code -o} options, so the bastion's key and known_hosts come from a small ssh_config given with {@code -F}.
     */
    @ParameterizedTest
    @ValueSource(strings = {"-o ProxyJump=drover@10.77.0.11", "-J drover@10.77.0.11:22", "-o ProxyJump=ssh://drover@10.77.0.11"})
    void proxyJumpInCommonArgs(String jump, Fleet fleet, AnsibleRunner ansible, DroverRunner drover) throws IOException {
        Path bastionConfig = Files.writeString(dir.resolve("bastion.cfg"), """
                Host 10.77.0.11
                  IdentityFile %s
                  IdentitiesOnly yes
                  UserKnownHostsFile %s
                  StrictHostKeyChecking yes
                """.formatted(fleet.privateKey(), fleet.knownHosts()));
        String common = "-F " + bastionConfig + " " + jump + " " + fleetKnownHosts(fleet);
        new ConnectionCase(fleet, dir, "ProxyJump in ansible_ssh_common_args: " + jump)
                .inventory(hiddenAndH2(fleet, "    ansible_ssh_common_args: " + q(common) + "\n"))
                .reaches("hidden1", HIDDEN.name(), BASTION_HIDDEN_ADDRESS)
                .reaches("h2", "h2", fleet.host("h1").address())
                .verify(ansible, drover);
    }

    /** The Continuous-X form: {@code [ssh_connection] ssh_args = ... -o ProxyCommand="ssh -W %h:%p ... bastion"}. */
    @Test
    void proxyCommandInAnsibleCfgSshArgs(Fleet fleet, AnsibleRunner ansible, DroverRunner drover) {
        new ConnectionCase(fleet, dir, "ProxyCommand in ansible.cfg ssh_args")
                .cfgSsh("ssh_args", "-o ControlMaster=no -o ProxyCommand=\"" + bastionProxyCommand(fleet) + "\" "
                        + fleetKnownHosts(fleet))
                .inventory(hiddenAndH2(fleet, ""))
                .reaches("hidden1", HIDDEN.name(), BASTION_HIDDEN_ADDRESS)
                .reaches("h2", "h2", fleet.host("h1").address())
                .verify(ansible, drover);
    }

    @Test
    void proxyCommandInCommonArgs(Fleet fleet, AnsibleRunner ansible, DroverRunner drover) {
        String common = "-o 'ProxyCommand=" + bastionProxyCommand(fleet) + "' " + fleetKnownHosts(fleet);
        new ConnectionCase(fleet, dir, "ProxyCommand in ansible_ssh_common_args")
                .inventory(hiddenAndH2(fleet, "    ansible_ssh_common_args: " + q(common) + "\n"))
                .reaches("hidden1", HIDDEN.name(), BASTION_HIDDEN_ADDRESS)
                .reaches("h2", "h2", fleet.host("h1").address())
                .verify(ansible, drover);
    }

    /**
     * An ssh_config given with {@code -F} decides everything (no ansible_host, ansible_user or key in the
     * inventory): the fleet's own file (included after the test's blocks, under {@code Match all}) sends hidden1
     * through h1 by ProxyJump; the test's blocks add a ProxyCommand, a two-hop ProxyJump chain, and a fleet host
     * reached through h1.
     */
    @Test
    void sshConfigFileGivenWithDashF(Fleet fleet, AnsibleRunner ansible, DroverRunner drover) throws IOException {
        Path config = dir.resolve("ssh_config");
        Files.writeString(config, """
                # Jumps on top of the fleet's own ssh_config.
                Host h2-via-h1
                  HostName %s
                  ProxyJump h1

                Host hidden1-via-command
                  HostName %s
                  ProxyCommand ssh -F %s -W %%h:%%p h1

                Host h3-via-h1-h2
                  HostName %s
                  ProxyJump h1,h2

                Match all
                Include %s
                """.formatted(fleet.host("h2").address(), HIDDEN.address(), config, fleet.host("h3").address(),
                fleet.sshConfig()));
        new ConnectionCase(fleet, dir, "ssh_config via -F")
                .inventory("""
                        all:
                          hosts:
                            hidden1:
                            h2-via-h1:
                            hidden1-via-command:
                            h3-via-h1-h2:
                            h3:
                          vars:
                            ansible_ssh_common_args: %s
                        """.formatted(q("-F " + config)))
                .reaches("hidden1", HIDDEN.name(), BASTION_HIDDEN_ADDRESS)
                .reaches("h2-via-h1", "h2", fleet.host("h1").address())
                .reaches("hidden1-via-command", HIDDEN.name(), BASTION_HIDDEN_ADDRESS)
                .reaches("h3-via-h1-h2", "h3", fleet.host("h2").address())
                .reaches("h3", "h3", GATEWAY_ADDRESS)
                .verify(ansible, drover);
    }

    /** {@code -o ProxyJump=none} on the command line overrides the ssh_config's ProxyJump: hidden1 is then out of reach. */
    @Test
    void proxyJumpNoneOverridesTheConfigFile(Fleet fleet, AnsibleRunner ansible, DroverRunner drover) {
        new ConnectionCase(fleet, dir, "ProxyJump=none")
                .inventory("""
                        all:
                          hosts:
                            hidden1:
                            h2:
                          vars:
                            ansible_ssh_common_args: %s
                        """.formatted(q("-F " + fleet.sshConfig() + " -o ProxyJump=none")))
                .unreachable("hidden1")
                .reaches("h2", "h2", GATEWAY_ADDRESS)
                .verify(ansible, drover);
    }

    /** A ProxyCommand that fails: the host is UNREACHABLE, the others carry on, and the proxy's stderr is shown. */
    @Test
    void failingProxyCommandShowsItsStderr(Fleet fleet, AnsibleRunner ansible, DroverRunner drover) {
        List<ProcessResult> results = new ConnectionCase(fleet, dir, "failing ProxyCommand")
                .inventory("""
                        all:
                          hosts:
                            hidden1:
                              ansible_host: %s
                              ansible_ssh_common_args: %s
                            h2:
                              ansible_host: %s
                              ansible_ssh_common_args: %s
                          vars:
                            ansible_user: drover
                            ansible_ssh_private_key_file: %s
                        """.formatted(HIDDEN.address(),
                        q("-o 'ProxyCommand=sh -c \"echo proxy-said-no-to-%h >&2; exit 3\"' " + fleetKnownHosts(fleet)),
                        fleet.host("h2").address(), q(fleetKnownHosts(fleet)), fleet.privateKey()))
                .unreachable("hidden1")
                .reaches("h2", "h2", GATEWAY_ADDRESS)
                .verify(ansible, drover);
        for (ProcessResult r : results) {
            assertTrue(r.stdout().contains("proxy-said-no-to-" + HIDDEN.address()),
                    "the proxy's stderr (with %h expanded) must be shown\n" + r.describe());
        }
    }
}
