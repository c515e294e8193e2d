package io.drover.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.error.DroverException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Expected values were checked with {@code ansible-config dump --only-changed} on ansible-core 2.14. */
class AnsibleConfigTest {

    @TempDir
    Path root;
    Path project;
    Path home;
    Path system;

    @BeforeEach
    void layout() throws Exception {
        project = Files.createDirectories(root.resolve("project"));
        home = Files.createDirectories(root.resolve("home"));
        system = root.resolve("etc-ansible.cfg");
        Files.setPosixFilePermissions(project, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private AnsibleConfig config(Path cwd, Map<String, String> env) {
        return new AnsibleConfig(cwd, env, home, system);
    }

    @Test
    void typedSettingsFromTheFileWithPathsRelativeToIt() throws Exception {
        Files.writeString(project.resolve("ansible.cfg"), """
                [defaults]
                inventory = hosts.ini, ../other ; comment
                forks: 20
                remote_user = "deploy"
                private_key_file = ~/keys/id
                host_key_checking = False
                roles_path = roles:$HOME/r
                gathering = smart
                timeout = 30
                [privilege_escalation]
                become = yes
                become_user = admin
                [ssh_connection]
                ssh_args = -o ControlMaster=auto
                  -o ControlPersist=30m
                pipelining = True
                control_path = %(directory)s/%%h
                """);
        Path sub = Files.createDirectories(project.resolve("sub"));
        AnsibleConfig c = config(sub, Map.of("ANSIBLE_CONFIG", "..", "HOME", "/home/h"));
        assertEquals(Optional.of(project.resolve("ansible.cfg")), c.file());
        assertEquals(List.of(project.resolve("hosts.ini"), root.resolve("other")), c.inventory());
        assertEquals(20, c.forks());
        assertEquals(Optional.of("deploy"), c.remoteUser());
        assertEquals(Optional.of(home.resolve("keys/id")), c.privateKeyFile());
        assertFalse(c.hostKeyChecking());
        assertEquals(List.of(project.resolve("roles"), Path.of("/home/h/r")), c.rolesPath());
        assertEquals("smart", c.gathering());
        assertEquals(30, c.timeout());
        assertTrue(c.become());
        assertEquals("admin", c.becomeUser());
        assertEquals("sudo", c.becomeMethod());
        assertEquals("-o ControlMaster=auto\n-o ControlPersist=30m", c.sshArgs());
        assertTrue(c.pipelining());
        assertEquals(Optional.of("%(directory)s/%%h"), c.controlPath(), "values are raw: no interpolation");
    }

    @Test
    void defaultsWithoutAnyFile() {
        AnsibleConfig c = config(project, Map.of());
        assertEquals(Optional.empty(), c.file());
        assertEquals(List.of(Path.of("/etc/ansible/hosts")), c.inventory());
        assertEquals(5, c.forks());
        assertEquals(Optional.empty(), c.remoteUser());
        assertEquals(Optional.empty(), c.privateKeyFile());
        assertTrue(c.hostKeyChecking());
        assertEquals(10, c.timeout());
        assertEquals(List.of(home.resolve(".ansible/roles"), Path.of("/usr/share/ansible/roles"),
                Path.of("/etc/ansible/roles")), c.rolesPath());
        assertFalse(c.become());
        assertEquals("root", c.becomeUser());
        assertEquals("sudo", c.becomeMethod());
        assertEquals("implicit", c.gathering());
        assertEquals("-C -o ControlMaster=auto -o ControlPersist=60s", c.sshArgs());
        assertFalse(c.pipelining());
        assertEquals(Optional.empty(), c.controlPath());
    }

    @Test
    void environmentBeatsFileAndIsRelativeToTheWorkingDirectory() throws Exception {
        Files.writeString(project.resolve("ansible.cfg"), """
                [defaults]
                forks = 20
                inventory = hosts
                host_key_checking = true
                remote_user = fromfile
                """);
        AnsibleConfig c = config(project, Map.of(
                "ANSIBLE_FORKS", "7", "ANSIBLE_INVENTORY", "a.yml,/abs/b", "ANSIBLE_HOST_KEY_CHECKING", "0",
                "ANSIBLE_REMOTE_USER", "env", "ANSIBLE_TIMEOUT", "3", "ANSIBLE_ROLES_PATH", "r1:~/r2",
                "ANSIBLE_PRIVATE_KEY_FILE", "k", "ANSIBLE_SSH_PIPELINING", "yes"));
        assertEquals(7, c.forks());
        assertEquals(List.of(project.resolve("a.yml"), Path.of("/abs/b")), c.inventory());
        assertFalse(c.hostKeyChecking());
        assertEquals(Optional.of("env"), c.remoteUser());
        assertEquals(3, c.timeout());
        assertEquals(List.of(project.resolve("r1"), home.resolve("r2")), c.rolesPath());
        assertEquals(Optional.of(project.resolve("k")), c.privateKeyFile());
        assertTrue(c.pipelining());
    }

    @Test
    void discoveryOrder() throws Exception {
        Files.writeString(system, "[defaults]\nforks = 1\n");
        assertEquals(Optional.of(system), config(project, Map.of()).file());
        Files.writeString(home.resolve(".ansible.cfg"), "[defaults]\nforks = 2\n");
        assertEquals(2, config(project, Map.of()).forks());
        Files.writeString(project.resolve("ansible.cfg"), "[defaults]\nforks = 3\n");
        assertEquals(3, config(project, Map.of()).forks());
        Path explicit = root.resolve("explicit.cfg");
        Files.writeString(explicit, "[defaults]\nforks = 4\n");
        assertEquals(4, config(project, Map.of("ANSIBLE_CONFIG", explicit.toString())).forks());
        // a missing ANSIBLE_CONFIG falls through to the next candidate
        assertEquals(3, config(project, Map.of("ANSIBLE_CONFIG", "/nonexistent.cfg")).forks());
    }

    @Test
    void worldWritableWorkingDirectoryIsSkippedWithAWarning() throws Exception {
        Files.writeString(project.resolve("ansible.cfg"), "[defaults]\nforks = 3\n");
        Files.setPosixFilePermissions(project, PosixFilePermissions.fromString("rwxrwxrwx"));
        AnsibleConfig c = config(project, Map.of());
        assertEquals(Optional.empty(), c.file());
        assertEquals(1, c.warnings().size());
        assertTrue(c.warnings().get(0).startsWith("Ansible is being run in a world writable directory ("
                + project + "), ignoring it as an ansible.cfg source."));
    }

    @Test
    void configparserDetails() {
        IniFile ini = IniFile.parse("""
                # comment
                ; comment
                [DEFAULT]
                shared = s
                [defaults]
                Key = value # not a comment
                other: has ; a comment
                multi = one
                   two

                   three
                  ; indented comment
                empty =
                [Other]
                """, "x.cfg");
        assertEquals(Optional.of("value # not a comment"), ini.get("defaults", "key"));
        assertEquals(Optional.of("has"), ini.get("defaults", "OTHER"));
        assertEquals(Optional.of("one\ntwo\n\nthree"), ini.get("defaults", "multi"));
        assertEquals(Optional.of(""), ini.get("defaults", "empty"));
        assertEquals(Optional.of("s"), ini.get("defaults", "shared"));
        assertEquals(Optional.of("s"), ini.get("Other", "shared"));
        assertEquals(Optional.empty(), ini.get("other", "shared"), "section names are case-sensitive");
    }

    @Test
    void parseErrorsAreOptionErrorsWithLocation() {
        DroverException noValue = assertThrows(DroverException.class,
                () -> IniFile.parse("[defaults]\nforks\n", "bad.cfg"));
        assertEquals(DroverException.Kind.OPTIONS, noValue.kind());
        assertEquals(2, noValue.location().line());
        assertTrue(noValue.getMessage().startsWith("Error reading config file (bad.cfg): "));
        DroverException dup = assertThrows(DroverException.class,
                () -> IniFile.parse("[defaults]\nforks=1\nforks=2\n", "dup.cfg"));
        assertEquals("Error reading config file (dup.cfg): option 'forks' in section 'defaults' already exists",
                dup.getMessage());
        assertThrows(DroverException.class, () -> IniFile.parse("forks=1\n", "nosection.cfg"));
    }

    @Test
    void badIntegerNamesTheSettingAndItsOrigin() {
        DroverException e = assertThrows(DroverException.class,
                () -> config(project, Map.of("ANSIBLE_FORKS", "abc")).forks());
        assertEquals("Invalid type for configuration option setting: DEFAULT_FORKS (from env: ANSIBLE_FORKS): "
                + "invalid literal for int() with base 10: 'abc'", e.getMessage());
        assertEquals(DroverException.Kind.OPTIONS, e.kind());
    }

    @Test
    void vaultSettings() throws Exception {
        Files.writeString(project.resolve("ansible.cfg"), """
                [defaults]
                vault_password_file = secrets/pw
                vault_identity_list = dev@a, prod@prompt
                ask_vault_pass = yes
                """);
        AnsibleConfig cfg = config(project, Map.of());
        assertEquals(Optional.of(project.resolve("secrets/pw")), cfg.vaultPasswordFile());
        assertEquals(List.of("dev@a", "prod@prompt"), cfg.vaultIdentityList());
        assertTrue(cfg.askVaultPass());
        // an environment path is taken from the working directory
        assertEquals(Optional.of(project.resolve("x")),
                config(project, Map.of("ANSIBLE_VAULT_PASSWORD_FILE", "x")).vaultPasswordFile());
        AnsibleConfig none = config(root, Map.of());
        assertEquals(Optional.empty(), none.vaultPasswordFile());
        assertEquals(List.of(), none.vaultIdentityList());
        assertFalse(none.askVaultPass());
    }
}
