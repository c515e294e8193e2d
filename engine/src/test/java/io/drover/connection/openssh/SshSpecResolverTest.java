package io.drover.connection.openssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.connection.ConnectionSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ansible-core's argument order meeting OpenSSH's first-value-wins, ssh_config, jump hosts and warnings. */
class SshSpecResolverTest {

    private static final String DEFAULT_SSH_ARGS = "-C -o ControlMaster=auto -o ControlPersist=60s";

    @TempDir
    Path home;
    Path userConfig;
    Path systemConfig;
    final List<String> warnings = new ArrayList<>();
    SshSpecResolver resolver;

    @BeforeEach
    void setUp() throws Exception {
        Files.createDirectories(home.resolve(".ssh"));
        userConfig = home.resolve(".ssh/config");
        systemConfig = home.resolve("etc/ssh_config");
        Files.createDirectories(systemConfig.getParent());
        resolver = resolver(Map.of("SSH_AUTH_SOCK", "/run/agent.sock"));
    }

    private SshSpecResolver resolver(Map<String, String> env) {
        return new SshSpecResolver(new SshSpecResolver.Environment(home, "ctl", "controller.example", env,
                systemConfig, home), warnings::add);
    }

    private static AnsibleSsh host(String name, String address) {
        return new AnsibleSsh("ssh", name, address, DEFAULT_SSH_ARGS, true, null, null, null, 10, null, null, null);
    }

    private static AnsibleSsh with(AnsibleSsh a, String sshArgs, boolean checking, Integer port, String key,
                                   String user, String common, String extra, String password) {
        return new AnsibleSsh(a.type(), a.inventoryName(), a.host(), sshArgs, checking, port, key, user, a.timeout(),
                common, extra, password);
    }

    @Test
    void buildsTheArgumentListInAnsibleCoreOrder() throws Exception {
        AnsibleSsh in = with(host("web", "10.0.0.5"), DEFAULT_SSH_ARGS, false, 2222, "/keys/id", "deploy",
                "-o ProxyCommand=\"ssh -W %h:%p bastion\"", "-o ServerAliveInterval=5", null);
        assertEquals(List.of("-C", "-o", "ControlMaster=auto", "-o", "ControlPersist=60s",
                "-o", "StrictHostKeyChecking=no", "-o", "Port=2222", "-o", "IdentityFile=\"/keys/id\"",
                "-o", "KbdInteractiveAuthentication=no",
                "-o", "PreferredAuthentications=gssapi-with-mic,gssapi-keyex,hostbased,publickey",
                "-o", "PasswordAuthentication=no", "-o", "User=\"deploy\"", "-o", "ConnectTimeout=10",
                "-o", "ProxyCommand=ssh -W %h:%p bastion", "-o", "ServerAliveInterval=5", "10.0.0.5"),
                SshSpecResolver.ansibleArguments(in));
    }

    @Test
    void sshArgsComeFirstSoTheyBeatHostKeyCheckingFalseAndCommonArgs() throws Exception {
        AnsibleSsh in = with(host("web", "web"), "-o StrictHostKeyChecking=yes -o UserKnownHostsFile=/first",
                false, null, null, null, "-o UserKnownHostsFile=/second -o StrictHostKeyChecking=no", null, null);
        ConnectionSpec spec = resolver.resolve(in);
        assertTrue(spec.hostKeyChecking(), "ssh_args StrictHostKeyChecking=yes wins over host_key_checking=False");
        assertEquals(Path.of("/first"), spec.knownHosts().get(0));
        assertEquals(List.of(Path.of("/first"), Path.of("/etc/ssh/ssh_known_hosts"),
                Path.of("/etc/ssh/ssh_known_hosts2")), spec.knownHosts());
    }

    @Test
    void hostKeyCheckingFalseTurnsCheckingOff() throws Exception {
        ConnectionSpec spec = resolver.resolve(with(host("web", "web"), DEFAULT_SSH_ARGS, false, null, null, null,
                null, null, null));
        assertFalse(spec.hostKeyChecking());
        assertTrue(warnings.isEmpty(), "ControlMaster/ControlPersist are accepted silently: " + warnings);
    }

    @Test
    void ansiblePortBeatsPortInCommonArgsAndSshConfig() throws Exception {
        Files.writeString(userConfig, "Host web\n  Port 2200\n  User cfguser\n");
        ConnectionSpec spec = resolver.resolve(with(host("web", "web"), DEFAULT_SSH_ARGS, true, 2022, null, null,
                "-p 3333", null, null));
        assertEquals(2022, spec.port());
        assertEquals("cfguser", spec.user(), "no ansible user: ssh_config decides");
        ConnectionSpec noPort = resolver.resolve(with(host("web", "web"), DEFAULT_SSH_ARGS, true, null, null,
                "deploy", "-p 3333", null, null));
        assertEquals(3333, noPort.port(), "without ansible_port, -p in ssh_common_args wins over ssh_config");
        assertEquals("deploy", noPort.user());
    }

    @Test
    void readsUserConfigBeforeSystemConfigAndMatchesOnTheHostArgument() throws Exception {
        Files.writeString(userConfig, "Host db1\n  HostName 10.1.0.7\n  IdentityFile ~/.ssh/db_%r\n"
                + "  IdentitiesOnly yes\n");
        Files.writeString(systemConfig, "Host *\n  HostName ignored\n  User sysuser\n  ConnectionAttempts 3\n"
                + "  ServerAliveInterval 1m\n  HashKnownHosts yes\n");
        ConnectionSpec spec = resolver.resolve(host("db1", "db1"));
        assertEquals("10.1.0.7", spec.address());
        assertEquals("sysuser", spec.user());
        assertEquals(List.of(home.resolve(".ssh/db_sysuser")), spec.identityFiles());
        assertTrue(spec.ssh().identitiesOnly());
        assertEquals(3, spec.ssh().connectionAttempts());
        assertEquals(Duration.ofMinutes(1), spec.ssh().serverAliveInterval());
        assertTrue(spec.ssh().hashKnownHosts());
        assertEquals(home.resolve(".ssh/known_hosts"), spec.knownHosts().get(0));
    }

    @Test
    void passwordEnablesPasswordAuthenticationAndIsNeverShown() throws Exception {
        ConnectionSpec none = resolver.resolve(host("web", "web"));
        assertFalse(none.ssh().passwordAuthentication());
        assertFalse(none.ssh().keyboardInteractiveAuthentication());
        assertTrue(none.ssh().pubkeyAuthentication());
        AnsibleSsh in = with(host("web", "web"), DEFAULT_SSH_ARGS, true, null, null, null, null, null, "s3cret!");
        ConnectionSpec spec = resolver.resolve(in);
        assertEquals("s3cret!", spec.password());
        assertTrue(spec.ssh().passwordAuthentication());
        assertTrue(spec.ssh().keyboardInteractiveAuthentication());
        assertFalse(spec.toString().contains("s3cret"));
        assertFalse(in.toString().contains("s3cret"));
    }

    @Test
    void proxyJumpHopsAreResolvedOnTheirOwn() throws Exception {
        Path cfg = home.resolve("jump.conf");
        Files.writeString(cfg, """
                Host target
                  HostName 10.77.0.20
                  ProxyJump first,ops@second:2202
                Host first
                  HostName 10.77.0.2
                  User jumper
                  IdentityFile /keys/first
                Host second
                  HostName 10.77.0.3
                  User ignored
                """);
        AnsibleSsh in = with(host("target", "target"), DEFAULT_SSH_ARGS, false, null, null, "app",
                "-F " + cfg, null, null);
        ConnectionSpec spec = resolver.resolve(in);
        assertEquals("10.77.0.20", spec.address());
        assertEquals("app", spec.user());
        List<ConnectionSpec> hops = spec.ssh().jumpHosts();
        assertEquals(2, hops.size());
        assertEquals("10.77.0.2", hops.get(0).address());
        assertEquals("jumper", hops.get(0).user());
        assertEquals(List.of(Path.of("/keys/first")), hops.get(0).identityFiles());
        assertEquals("10.77.0.3", hops.get(1).address());
        assertEquals("ops", hops.get(1).user(), "user@ in ProxyJump beats the hop's User");
        assertEquals(2202, hops.get(1).port());
        assertTrue(hops.get(0).hostKeyChecking() && hops.get(1).hostKeyChecking(),
                "hops do not inherit the target's StrictHostKeyChecking=no, as with ssh -J");
        assertTrue(hops.get(1).ssh().jumpHosts().isEmpty(), "the chain is flat");
        assertNull(hops.get(0).password());
    }

    @Test
    void proxyJumpNoneAndProxyCommandTokens() throws Exception {
        Path cfg = home.resolve("pc.conf");
        Files.writeString(cfg, """
                Host priv*
                  HostName %h.internal
                  ProxyCommand ssh -W %h:%p -l %r cc@bastion
                """);
        ConnectionSpec spec = resolver.resolve(with(host("priv1", "priv1"), DEFAULT_SSH_ARGS, true, 2201, null,
                "cc", "-F " + cfg, null, null));
        assertEquals("ssh -W priv1.internal:2201 -l cc cc@bastion", spec.ssh().proxyCommand());
        ConnectionSpec off = resolver.resolve(with(host("priv1", "priv1"), DEFAULT_SSH_ARGS, true, null, null,
                null, "-F " + cfg + " -o ProxyCommand=none", null, null));
        assertNull(off.ssh().proxyCommand());
        ConnectionSpec direct = resolver.resolve(with(host("priv1", "priv1"), DEFAULT_SSH_ARGS, true, null, null,
                null, "-J none -F " + cfg, null, null));
        assertEquals("ssh -W priv1.internal:22 -l ctl cc@bastion", direct.ssh().proxyCommand(),
                "ProxyJump none leaves room for ProxyCommand");
        assertTrue(direct.ssh().jumpHosts().isEmpty());
    }

    @Test
    void strictHostKeyCheckingValues() throws Exception {
        assertTrue(resolveWith("-o StrictHostKeyChecking=yes").hostKeyChecking());
        assertFalse(resolveWith("-o StrictHostKeyChecking=off").hostKeyChecking());
        ConnectionSpec acceptNew = resolveWith("-o StrictHostKeyChecking=accept-new");
        assertTrue(acceptNew.hostKeyChecking() && acceptNew.ssh().acceptNewHostKeys());
        assertTrue(warnings.isEmpty());
        ConnectionSpec ask = resolveWith("-o StrictHostKeyChecking=ask");
        assertTrue(ask.hostKeyChecking());
        assertFalse(ask.ssh().acceptNewHostKeys());
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("treated as yes"), warnings.get(0));
        assertThrows(SshConfigException.class, () -> resolveWith("-o StrictHostKeyChecking=maybe"));
    }

    @Test
    void knownHostsFilesSeveralAndDevNull() throws Exception {
        ConnectionSpec spec = resolveWith("-o \"UserKnownHostsFile=/dev/null ~/kh2\" -o GlobalKnownHostsFile=none"
                + " -o HostKeyAlias=web-alias");
        assertEquals(List.of(Path.of("/dev/null"), home.resolve("kh2")), spec.knownHosts());
        assertEquals("web-alias", spec.ssh().hostKeyAlias());
    }

    @Test
    void agentSocketFollowsSshAuthSockUnlessIdentityAgentSaysOtherwise() throws Exception {
        assertEquals(Path.of("/run/agent.sock"), resolveWith(null).ssh().agentSocket());
        assertNull(resolveWith("-o IdentityAgent=none").ssh().agentSocket());
        assertEquals(home.resolve("agent-web"), resolveWith("-o IdentityAgent=~/agent-%n").ssh().agentSocket());
        assertNull(resolver(Map.of()).resolve(host("web", "web")).ssh().agentSocket());
    }

    @Test
    void unsupportedOptionsAreNamedOncePerRun() throws Exception {
        resolveWith("-o ForwardAgent=yes -o LogLevel=DEBUG -o SendEnv=LANG -A");
        resolver.resolve(with(host("db", "db"), DEFAULT_SSH_ARGS, true, null, null, null, "-o ForwardAgent=yes",
                null, null));
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("forwardagent"), warnings.get(0));
        resolveWith("-o ForwardAgent=no -o AddressFamily=any");
        assertEquals(1, warnings.size(), "values that change nothing are not warned about");
    }

    @Test
    void revokedHostKeysIsRefusedRatherThanIgnored() {
        SshConfigException e = assertThrows(SshConfigException.class,
                () -> resolveWith("-o RevokedHostKeys=/etc/ssh/revoked"));
        assertTrue(e.getMessage().contains("RevokedHostKeys"), e.getMessage());
    }

    @Test
    void timeoutsAndFlags() throws Exception {
        ConnectionSpec spec = resolveWith("-o ConnectTimeout=3 -o ServerAliveCountMax=5 -o BatchMode=yes"
                + " -o PubkeyAuthentication=no -o Compression=yes");
        assertEquals(Duration.ofSeconds(10), spec.timeout(), "ansible's ConnectTimeout comes before common args");
        assertEquals(5, spec.ssh().serverAliveCountMax());
        assertTrue(spec.ssh().batchMode());
        assertFalse(spec.ssh().pubkeyAuthentication());
        assertTrue(spec.ssh().compression());
        assertTrue(resolver.resolve(host("web", "web")).ssh().compression(), "-C in the default ssh_args");
    }

    @Test
    void badValuesAreErrorsNamingWhereTheyCameFrom() throws Exception {
        Files.writeString(userConfig, "Host *\n  Port abc\n");
        SshConfigException e = assertThrows(SshConfigException.class, () -> resolver.resolve(host("web", "web")));
        assertTrue(e.getMessage().contains(userConfig + " line 2"), e.getMessage());
    }

    @Test
    void parsedFilesAreCachedForTheRun() throws Exception {
        Files.writeString(userConfig, "Host *\n  User first\n");
        assertEquals("first", resolver.resolve(host("a", "a")).user());
        Files.writeString(userConfig, "Host *\n  User second\n");
        assertEquals("first", resolver.resolve(host("b", "b")).user());
        assertEquals("second", resolver(Map.of()).resolve(host("b", "b")).user());
    }

    private ConnectionSpec resolveWith(String common) throws SshConfigException {
        return resolver.resolve(with(host("web", "web"), DEFAULT_SSH_ARGS, true, null, null, null, common, null,
                null));
    }
}
