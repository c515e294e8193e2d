package io.drover.it;

import static io.drover.it.ConnectionCase.bastionProxyCommand;
import static io.drover.it.ConnectionCase.q;
import static io.drover.it.Fleet.BASTION_HIDDEN_ADDRESS;
import static io.drover.it.Fleet.GATEWAY_ADDRESS;
import static io.drover.it.Fleet.HIDDEN;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same connection settings given through every place ansible-core reads them (inventory variables, ansible.cfg,
 * environment variables, command-line flags) give the same result under both tools; and where two places disagree,
 * the one ansible-core lets win wins under Drover too (ansible.cfg's ssh_args come before ansible_port, ansible_user
 * and host_key_checking on ssh's command line, and OpenSSH takes the first value; the common and extra args come
 * after them).
 */
@ExtendWith(FleetExtension.class)
class SettingSourcesDifferentialTest {

    @TempDir
    Path dir;

    /**
     * A setup step: changes the case, appends inventory variables to {@code vars} (YAML lines under
     * {@code all: vars:}); {@code arg} is what the step is about (ssh arguments to place, or the options that make
     * the fleet's host keys trusted).
     */
    interface Setup {
        void apply(ConnectionCase c, StringBuilder vars, String arg);
    }

    /** A named {@link Setup}, printed as its name in test reports. */
    record Step(String name, Setup setup) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** {@code name: value} as a line under {@code all: vars:}. */
    private static String var(String name, String value) {
        return "    " + name + ": " + q(value) + "\n";
    }

    /** Every place ansible-core takes ssh arguments from. */
    static Stream<Step> sources() {
        return Stream.of(
                new Step("inventory ansible_ssh_common_args", (c, v, a) -> v.append(var("ansible_ssh_common_args", a))),
                new Step("inventory ansible_ssh_extra_args", (c, v, a) -> v.append(var("ansible_ssh_extra_args", a))),
                new Step("inventory ansible_ssh_args", (c, v, a) -> v.append(var("ansible_ssh_args", a))),
                new Step("ansible.cfg ssh_args", (c, v, a) -> c.cfgSsh("ssh_args", a)),
                new Step("ansible.cfg ssh_common_args", (c, v, a) -> c.cfgSsh("ssh_common_args", a)),
                new Step("ansible.cfg ssh_extra_args", (c, v, a) -> c.cfgSsh("ssh_extra_args", a)),
                new Step("ANSIBLE_SSH_ARGS", (c, v, a) -> c.env("ANSIBLE_SSH_ARGS", a)),
                new Step("ANSIBLE_SSH_COMMON_ARGS", (c, v, a) -> c.env("ANSIBLE_SSH_COMMON_ARGS", a)),
                new Step("ANSIBLE_SSH_EXTRA_ARGS", (c, v, a) -> c.env("ANSIBLE_SSH_EXTRA_ARGS", a)),
                new Step("--ssh-common-args", (c, v, a) -> c.args("--ssh-common-args=" + a)),
                new Step("--ssh-extra-args", (c, v, a) -> c.args("--ssh-extra-args=" + a)));
    }

    /**
     * hidden1 and h2 through a ProxyCommand to the bastion, with the fleet's known_hosts, the whole setting given
     * by one source.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("sources")
    void jumpSettingFromEachSource(Step source, Fleet fleet, AnsibleRunner ansible, DroverRunner drover) {
        String args = "-o \"ProxyCommand=" + bastionProxyCommand(fleet) + "\" -o UserKnownHostsFile=" + fleet.knownHosts()
                + " -o StrictHostKeyChecking=yes";
        ConnectionCase c = new ConnectionCase(fleet, dir, "ProxyCommand from " + source);
        StringBuilder vars = new StringBuilder();
        source.setup().apply(c, vars, args);
        c.inventory("""
                        all:
                          hosts:
                            hidden1:
                              ansible_host: %s
                            h2:
                              ansible_host: %s
                          vars:
                            ansible_user: drover
                            ansible_ssh_private_key_file: %s
                        %s""".formatted(HIDDEN.address(), fleet.host("h2").address(), fleet.privateKey(), vars))
                .reaches("hidden1", HIDDEN.name(), BASTION_HIDDEN_ADDRESS)
                .reaches("h2", "h2", fleet.host("h1").address())
                .verify(ansible, drover);
    }

    /**
     * Each way of turning host key checking off (and back on), against an empty known_hosts; BatchMode keeps ssh
     * from asking.
     */
    static Stream<Arguments> hostKeyChecking() {
        return Stream.of(
                Arguments.of(new Step("nothing turns it off", (c, v, a) -> {}), false),
                Arguments.of(new Step("ansible.cfg host_key_checking = False",
                        (c, v, a) -> c.cfgDefault("host_key_checking = False")), true),
                Arguments.of(new Step("ANSIBLE_HOST_KEY_CHECKING=False",
                        (c, v, a) -> c.env("ANSIBLE_HOST_KEY_CHECKING", "False")), true),
                Arguments.of(new Step("ansible_host_key_checking: false",
                        (c, v, a) -> v.append("    ansible_host_key_checking: false\n")), true),
                Arguments.of(new Step("ansible_ssh_host_key_checking: false",
                        (c, v, a) -> v.append("    ansible_ssh_host_key_checking: false\n")), true),
                Arguments.of(new Step("ansible.cfg host_key_checking = True, ANSIBLE_HOST_KEY_CHECKING=False",
                        (c, v, a) -> c.cfgDefault("host_key_checking = True").env("ANSIBLE_HOST_KEY_CHECKING", "False")), true),
                Arguments.of(new Step("ANSIBLE_HOST_KEY_CHECKING=False, ansible_host_key_checking: true", (c, v, a) -> {
                    c.env("ANSIBLE_HOST_KEY_CHECKING", "False");
                    v.append("    ansible_host_key_checking: true\n");
                }), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostKeyChecking")
    void hostKeyCheckingFromEachSource(Step step, boolean reached, Fleet fleet, AnsibleRunner ansible,
            DroverRunner drover) throws IOException {
        Path empty = Files.writeString(Files.createTempFile(dir, "empty", "_known_hosts"), "");
        ConnectionCase c = new ConnectionCase(fleet, dir, "host key checking: " + step)
                .cfgSsh("ssh_args", "-o ControlMaster=no -o BatchMode=yes -o UserKnownHostsFile=" + empty);
        StringBuilder vars = new StringBuilder();
        step.setup().apply(c, vars, "");
        c.inventory(h1(fleet, vars.toString()));
        (reached ? c.reaches("h1", "h1", GATEWAY_ADDRESS) : c.unreachable("h1")).verify(ansible, drover);
    }

    /**
     * Conflicts between Ansible's own settings and OpenSSH options. ansible-core builds ssh's command line as:
     * ssh_args, then StrictHostKeyChecking=no (host_key_checking off), Port (ansible_port), IdentityFile, User
     * (ansible_user / -u), ConnectTimeout, then the common and extra args; OpenSSH keeps the first value of each.
     * {@code arg} is the options that trust the fleet's host keys: a case that replaces ssh_args keeps them.
     */
    static Stream<Arguments> conflicts() {
        return Stream.of(
                Arguments.of(new Step("ssh_args Port=2299 beats ansible_port 22", (c, v, trust) -> {
                    c.cfgSsh("ssh_args", "-o ControlMaster=no -o Port=2299 " + trust);
                    v.append("    ansible_port: 22\n");
                }), false),
                Arguments.of(new Step("ansible_port 22 beats common args Port=2299",
                        (c, v, trust) -> v.append("    ansible_port: 22\n").append(var("ansible_ssh_common_args", "-o Port=2299"))), true),
                Arguments.of(new Step("common args Port=2299 without ansible_port",
                        (c, v, trust) -> v.append(var("ansible_ssh_common_args", "-o Port=2299"))), false),
                Arguments.of(new Step("ansible_user beats common args User=no-such-user",
                        (c, v, trust) -> v.append(var("ansible_ssh_common_args", "-o User=no-such-user"))), true),
                Arguments.of(new Step("ansible_user beats extra args User=no-such-user",
                        (c, v, trust) -> v.append(var("ansible_ssh_extra_args", "-o User=no-such-user"))), true),
                Arguments.of(new Step("ssh_args User=no-such-user beats ansible_user",
                        (c, v, trust) -> c.cfgSsh("ssh_args", "-o ControlMaster=no -o User=no-such-user " + trust)), false),
                Arguments.of(new Step("ANSIBLE_SSH_ARGS User=no-such-user beats ansible_user",
                        (c, v, trust) -> c.env("ANSIBLE_SSH_ARGS", "-o User=no-such-user " + trust)), false),
                Arguments.of(new Step("-u drover beats common args User=no-such-user", (c, v, trust) -> {
                    c.args("-u", "drover");
                    v.append(var("ansible_ssh_common_args", "-o User=no-such-user"));
                }), true),
                Arguments.of(new Step("ssh_args StrictHostKeyChecking=yes beats ANSIBLE_HOST_KEY_CHECKING=False",
                        (c, v, trust) -> c.cfgSsh("ssh_args", "-o ControlMaster=no -o BatchMode=yes "
                                + "-o StrictHostKeyChecking=yes -o UserKnownHostsFile=/dev/null")
                                .env("ANSIBLE_HOST_KEY_CHECKING", "False")), false),
                Arguments.of(new Step("ANSIBLE_HOST_KEY_CHECKING=False beats common args StrictHostKeyChecking=yes",
                        (c, v, trust) -> {
                            c.cfgSsh("ssh_args", "-o ControlMaster=no -o BatchMode=yes -o UserKnownHostsFile=/dev/null")
                                    .env("ANSIBLE_HOST_KEY_CHECKING", "False");
                            v.append(var("ansible_ssh_common_args", "-o StrictHostKeyChecking=yes"));
                        }), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conflicts")
    void ansibleSettingsWinWhereAnsibleMakesThemWin(Step step, boolean reached, Fleet fleet, AnsibleRunner ansible,
            DroverRunner drover) {
        // The fleet's keys are trusted through known_hosts alone (BatchMode makes an unknown key fail, not ask), so
        // a case that turns host key checking off is not overruled by a StrictHostKeyChecking=yes of ours.
        String trust = "-o BatchMode=yes -o UserKnownHostsFile=" + fleet.knownHosts();
        ConnectionCase c = new ConnectionCase(fleet, dir, step.name()).cfgSsh("ssh_args", "-o ControlMaster=no " + trust);
        StringBuilder vars = new StringBuilder();
        step.setup().apply(c, vars, trust);
        c.inventory(h1(fleet, vars.toString()));
        (reached ? c.reaches("h1", "h1", GATEWAY_ADDRESS) : c.unreachable("h1")).verify(ansible, drover);
    }

    /** h1 with the fleet's user and key, and {@code vars} (YAML lines under {@code all: vars:}). */
    private static String h1(Fleet fleet, String vars) {
        return """
                all:
                  hosts:
                    h1:
                      ansible_host: %s
                  vars:
                    ansible_user: drover
                    ansible_ssh_private_key_file: %s
                %s""".formatted(fleet.host("h1").address(), fleet.privateKey(), vars);
    }
}
