package io.drover.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.api.RunOptions;
import io.drover.connection.ConnectionException;
import io.drover.connection.ConnectionFactories;
import io.drover.connection.ConnectionSpec;
import io.drover.connection.openssh.SshSpecResolver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which ansible-core source wins for each connection setting before ssh sees it. */
class HostConnectionsSpecTest {

    @TempDir
    Path home;

    private HostConnections connections(RunOptions options) {
        SshSpecResolver resolver = new SshSpecResolver(new SshSpecResolver.Environment(home, "ctl", "controller",
                Map.of(), home.resolve("no-system-config"), home), w -> { });
        return new HostConnections(new ConnectionFactories(List.of()), options, resolver);
    }

    private static RunOptions.Builder base() {
        return RunOptions.builder().sshArgs("-C -o ControlMaster=auto -o ControlPersist=60s");
    }

    @Test
    void lastListedVariableWinsAsInAnsibleCore() throws Exception {
        ConnectionSpec spec = connections(base().build()).spec("web", Map.of(
                "ansible_host", "10.0.0.1", "ansible_ssh_host", "10.0.0.2",
                "ansible_port", 2201, "ansible_ssh_port", "2202",
                "ansible_user", "a", "ansible_ssh_user", "b",
                "ansible_ssh_timeout", 3), null);
        assertEquals("10.0.0.2", spec.address());
        assertEquals(2202, spec.port());
        assertEquals("b", spec.user());
        assertEquals(Duration.ofSeconds(3), spec.timeout());
        assertEquals("web", spec.inventoryName());
    }

    @Test
    void variablesBeatFlagsAndConfig() throws Exception {
        RunOptions options = base().remoteUser("cliuser").remotePort(2000).connectTimeout(7)
                .sshCommonArgs("-o HostKeyAlias=from-cli").connectionPassword("cli-pass").hostKeyChecking(true)
                .build();
        HostConnections c = connections(options);
        ConnectionSpec fromOptions = c.spec("web", Map.of(), null);
        assertEquals("cliuser", fromOptions.user());
        assertEquals(2000, fromOptions.port());
        assertEquals(Duration.ofSeconds(7), fromOptions.timeout());
        assertEquals("from-cli", fromOptions.ssh().hostKeyAlias());
        assertEquals("cli-pass", fromOptions.password());
        assertTrue(fromOptions.hostKeyChecking());

        ConnectionSpec fromVars = c.spec("web", Map.of("ansible_ssh_common_args", "-o HostKeyAlias=from-var",
                "ansible_password", "var-pass", "ansible_host_key_checking", false), "kwuser");
        assertEquals("kwuser", fromVars.user(), "remote_user keyword beats -u");
        assertEquals("from-var", fromVars.ssh().hostKeyAlias());
        assertEquals("var-pass", fromVars.password());
        assertFalse(fromVars.hostKeyChecking());
        assertFalse(fromVars.toString().contains("var-pass"));
        assertFalse(options.toString().contains("cli-pass"));
    }

    @Test
    void localConnectionsSkipSshAndBadSshSettingsMakeTheHostUnreachable() throws Exception {
        HostConnections c = connections(base().build());
        assertEquals("local", c.spec("localhost", Map.of("ansible_connection", "local"), null).type());
        ConnectionException e = assertThrows(ConnectionException.class,
                () -> c.spec("web", Map.of("ansible_ssh_common_args", "-o Port=notaport"), null));
        assertTrue(e.getMessage().startsWith("Failed to connect to the host via ssh: "), e.getMessage());
    }
}
