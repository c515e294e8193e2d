package io.drover.config;

import io.drover.error.DroverException;
import io.drover.error.SourceLocation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ansible.cfg in effect, found and read as ansible-core does, with the environment variables that override it.
 *
 * <p>Discovery, first readable file wins: {@code $ANSIBLE_CONFIG} (a file, or a directory holding ansible.cfg),
 * {@code ./ansible.cfg} (skipped with a warning when the working directory is world-writable), {@code ~/.ansible.cfg},
 * {@code /etc/ansible/ansible.cfg}. No file at all is fine: every setting has Ansible's default.
 *
 * <p>Precedence per setting: environment variable, then the file, then the default. Paths from the file are relative
 * to the file's directory, paths from the environment to the working directory; {@code $VAR} and {@code ~} are
 * expanded in both. Everything is read in the constructor: an instance is immutable.
 */
public final class AnsibleConfig {

    /** Where ansible-core looks last; a constructor parameter only so tests need not depend on this machine. */
    static final Path SYSTEM_CONFIG = Path.of("/etc/ansible/ansible.cfg");

    private static final Set<String> TRUE_WORDS = Set.of("y", "yes", "on", "1", "true", "t", "1.0");
    private static final Pattern ENV_REF = Pattern.compile("\\$(\\w+|\\{([^}]*)})");

    private final Path cwd;
    private final Map<String, String> env;
    private final Path home;
    private final Optional<Path> file;
    private final IniFile ini;
    private final List<String> warnings;

    /** The configuration as ansible-playbook would see it, run from {@code cwd} with {@code env} and {@code home}. */
    public AnsibleConfig(Path cwd, Map<String, String> env, Path home) {
        this(cwd, env, home, SYSTEM_CONFIG);
    }

    AnsibleConfig(Path cwd, Map<String, String> env, Path home, Path systemConfig) {
        this.cwd = cwd.toAbsolutePath().normalize();
        this.env = Map.copyOf(env);
        this.home = home;
        List<String> warn = new ArrayList<>();
        this.file = discover(systemConfig, warn);
        this.ini = file.map(AnsibleConfig::read).orElseGet(() -> IniFile.parse("", "<none>"));
        this.warnings = List.copyOf(warn);
    }

    /** The configuration of this process: its working directory, environment and home. */
    public static AnsibleConfig fromSystem() {
        return new AnsibleConfig(Path.of("").toAbsolutePath(), System.getenv(),
                Path.of(System.getProperty("user.home")));
    }

    private Optional<Path> discover(Path systemConfig, List<String> warn) {
        List<Path> candidates = new ArrayList<>();
        Path fromEnv = null;
        String configured = env.get("ANSIBLE_CONFIG");
        if (configured != null) {
            fromEnv = resolvePath(configured, cwd);
            if (Files.isDirectory(fromEnv)) {
                fromEnv = fromEnv.resolve("ansible.cfg");
            }
            candidates.add(fromEnv);
        }
        Path cwdConfig = cwd.resolve("ansible.cfg");
        boolean skippedCwd = false;
        if (worldWritable(cwd)) {
            skippedCwd = Files.exists(cwdConfig);
        } else {
            candidates.add(cwdConfig);
        }
        candidates.add(home.resolve(".ansible.cfg"));
        candidates.add(systemConfig);
        Optional<Path> found = candidates.stream()
                .filter(p -> Files.exists(p) && Files.isReadable(p))
                .findFirst();
        if (skippedCwd && (fromEnv == null || !found.equals(Optional.of(fromEnv)))) {
            warn.add("Ansible is being run in a world writable directory (" + cwd + "), ignoring it as an "
                    + "ansible.cfg source. For more information see https://docs.ansible.com/ansible/devel/"
                    + "reference_appendices/config.html#cfg-in-world-writable-dir");
        }
        return found;
    }

    private static boolean worldWritable(Path dir) {
        try {
            return Files.getPosixFilePermissions(dir).contains(PosixFilePermission.OTHERS_WRITE);
        } catch (IOException | UnsupportedOperationException e) {
            // Ansible warns only when it can see the bit; an unreadable or non-POSIX directory is used as it is.
            return false;
        }
    }

    private static IniFile read(Path path) {
        try {
            return IniFile.parse(Files.readString(path), path.toString());
        } catch (IOException e) {
            throw new DroverException(DroverException.Kind.OPTIONS,
                    "Error reading config file (" + path + "): " + e.getMessage(), SourceLocation.of(path.toString()));
        }
    }

    // ---- what was found ----

    /** The ansible.cfg in use, if any. */
    public Optional<Path> file() {
        return file;
    }

    /** Warnings to show once (e.g. a skipped ./ansible.cfg in a world-writable directory). */
    public List<String> warnings() {
        return warnings;
    }

    /** A raw value from the file (no environment override, no typing), for settings without a getter. */
    public Optional<String> get(String section, String key) {
        return ini.get(section, key);
    }

    // ---- [defaults] ----

    /** {@code inventory} / {@code ANSIBLE_INVENTORY}: comma-separated sources; default /etc/ansible/hosts. */
    public List<Path> inventory() {
        return setting(List.of("ANSIBLE_INVENTORY"), "defaults", "inventory")
                .map(v -> pathList(v, ","))
                .orElse(List.of(Path.of("/etc/ansible/hosts")));
    }

    /** {@code forks} / {@code ANSIBLE_FORKS}; default 5. */
    public int forks() {
        return integer("DEFAULT_FORKS", List.of("ANSIBLE_FORKS"), "defaults", "forks", 5);
    }

    /** {@code remote_user} / {@code ANSIBLE_REMOTE_USER}; none by default (ssh uses the controller's user). */
    public Optional<String> remoteUser() {
        return string(List.of("ANSIBLE_REMOTE_USER"), "defaults", "remote_user");
    }

    /** {@code private_key_file} / {@code ANSIBLE_PRIVATE_KEY_FILE}; none by default. */
    public Optional<Path> privateKeyFile() {
        return setting(List.of("ANSIBLE_PRIVATE_KEY_FILE"), "defaults", "private_key_file")
                .map(v -> resolvePath(v.value(), v.baseDir()));
    }

    /**
     * {@code host_key_checking} in [defaults] or [ssh_connection] / {@code ANSIBLE_HOST_KEY_CHECKING},
     * {@code ANSIBLE_SSH_HOST_KEY_CHECKING}; default true.
     */
    public boolean hostKeyChecking() {
        return setting(List.of("ANSIBLE_HOST_KEY_CHECKING", "ANSIBLE_SSH_HOST_KEY_CHECKING"),
                List.of(new IniKey("defaults", "host_key_checking"), new IniKey("ssh_connection", "host_key_checking")))
                .map(v -> isTrue(v.value()))
                .orElse(true);
    }

    /** {@code timeout} / {@code ANSIBLE_TIMEOUT}: SSH connect timeout in seconds; default 10. */
    public int timeout() {
        return integer("DEFAULT_TIMEOUT", List.of("ANSIBLE_TIMEOUT"), "defaults", "timeout", 10);
    }

    /** {@code roles_path} / {@code ANSIBLE_ROLES_PATH}: colon-separated; default under ANSIBLE_HOME, /usr/share, /etc. */
    public List<Path> rolesPath() {
        return setting(List.of("ANSIBLE_ROLES_PATH"), "defaults", "roles_path")
                .map(v -> pathList(v, ":"))
                .orElseGet(() -> List.of(ansibleHome().resolve("roles"), Path.of("/usr/share/ansible/roles"),
                        Path.of("/etc/ansible/roles")));
    }

    /** {@code gathering} / {@code ANSIBLE_GATHERING}: implicit, explicit or smart; default implicit. */
    public String gathering() {
        return string(List.of("ANSIBLE_GATHERING"), "defaults", "gathering").orElse("implicit");
    }

    /** {@code vault_password_file} / {@code ANSIBLE_VAULT_PASSWORD_FILE}: a path; none by default. */
    public Optional<Path> vaultPasswordFile() {
        return setting(List.of("ANSIBLE_VAULT_PASSWORD_FILE"), "defaults", "vault_password_file")
                .map(v -> resolvePath(unquote(v.value()), v.baseDir()));
    }

    /** {@code vault_identity_list} / {@code ANSIBLE_VAULT_IDENTITY_LIST}: comma-separated {@code label@source}. */
    public List<String> vaultIdentityList() {
        return setting(List.of("ANSIBLE_VAULT_IDENTITY_LIST"), "defaults", "vault_identity_list")
                .map(v -> java.util.Arrays.stream(unquote(v.value()).split(",")).map(String::strip)
                        .filter(x -> !x.isEmpty()).toList())
                .orElse(List.of());
    }

    /** {@code ask_vault_pass} / {@code ANSIBLE_ASK_VAULT_PASS}; default false. */
    public boolean askVaultPass() {
        return bool(List.of("ANSIBLE_ASK_VAULT_PASS"), "defaults", "ask_vault_pass", false);
    }

    // ---- [privilege_escalation] (ansible-core reads become settings there, not in [defaults]) ----

    /** {@code become} / {@code ANSIBLE_BECOME}; default false. */
    public boolean become() {
        return bool(List.of("ANSIBLE_BECOME"), "privilege_escalation", "become", false);
    }

    /** {@code become_user} / {@code ANSIBLE_BECOME_USER}; default root. */
    public String becomeUser() {
        return string(List.of("ANSIBLE_BECOME_USER"), "privilege_escalation", "become_user").orElse("root");
    }

    /** {@code become_method} / {@code ANSIBLE_BECOME_METHOD}; default sudo. */
    public String becomeMethod() {
        return string(List.of("ANSIBLE_BECOME_METHOD"), "privilege_escalation", "become_method").orElse("sudo");
    }

    // ---- [ssh_connection] ----

    /** {@code ssh_args} / {@code ANSIBLE_SSH_ARGS}; default {@code -C -o ControlMaster=auto -o ControlPersist=60s}. */
    public String sshArgs() {
        return string(List.of("ANSIBLE_SSH_ARGS"), "ssh_connection", "ssh_args")
                .orElse("-C -o ControlMaster=auto -o ControlPersist=60s");
    }

    /** {@code ssh_common_args} / {@code ANSIBLE_SSH_COMMON_ARGS}; none by default. */
    public Optional<String> sshCommonArgs() {
        return string(List.of("ANSIBLE_SSH_COMMON_ARGS"), "ssh_connection", "ssh_common_args");
    }

    /** {@code ssh_extra_args} / {@code ANSIBLE_SSH_EXTRA_ARGS}; none by default. */
    public Optional<String> sshExtraArgs() {
        return string(List.of("ANSIBLE_SSH_EXTRA_ARGS"), "ssh_connection", "ssh_extra_args");
    }

    /** {@code remote_port} / {@code ANSIBLE_REMOTE_PORT}; none by default (ssh decides, usually 22). */
    public Optional<Integer> remotePort() {
        return setting(List.of("ANSIBLE_REMOTE_PORT"), "defaults", "remote_port").isEmpty() ? Optional.empty()
                : Optional.of(integer("DEFAULT_REMOTE_PORT", List.of("ANSIBLE_REMOTE_PORT"), "defaults",
                        "remote_port", 22));
    }

    /** {@code pipelining} in [defaults], [connection] or [ssh_connection] / {@code ANSIBLE_PIPELINING}; default false. */
    public boolean pipelining() {
        return setting(List.of("ANSIBLE_PIPELINING", "ANSIBLE_SSH_PIPELINING"),
                List.of(new IniKey("defaults", "pipelining"), new IniKey("connection", "pipelining"),
                        new IniKey("ssh_connection", "pipelining")))
                .map(v -> isTrue(v.value()))
                .orElse(false);
    }

    /** {@code control_path} / {@code ANSIBLE_SSH_CONTROL_PATH}; none by default. */
    public Optional<String> controlPath() {
        return string(List.of("ANSIBLE_SSH_CONTROL_PATH"), "ssh_connection", "control_path");
    }

    // ---- lookup and typing ----

    private record IniKey(String section, String key) {
    }

    /** A value and where it came from: {@code baseDir} anchors relative paths, {@code origin} names it in errors. */
    private record Raw(String value, Path baseDir, String origin) {
    }

    private Optional<Raw> setting(List<String> envNames, String section, String key) {
        return setting(envNames, List.of(new IniKey(section, key)));
    }

    /** Environment beats file; within each, the last listed source that is set wins (as in ansible-core). */
    private Optional<Raw> setting(List<String> envNames, List<IniKey> keys) {
        Raw found = null;
        for (String name : envNames) {
            String v = env.get(name);
            if (v != null) {
                found = new Raw(v, cwd, "env: " + name);
            }
        }
        if (found != null) {
            return Optional.of(found);
        }
        for (IniKey k : keys) {
            Optional<String> v = ini.get(k.section(), k.key());
            if (v.isPresent()) {
                Path f = file.orElseThrow();
                found = new Raw(v.get(), f.toAbsolutePath().getParent(), f.toString());
            }
        }
        return Optional.ofNullable(found);
    }

    private Optional<String> string(List<String> envNames, String section, String key) {
        return setting(envNames, section, key).map(v -> unquote(v.value()));
    }

    private boolean bool(List<String> envNames, String section, String key, boolean dflt) {
        return setting(envNames, section, key).map(v -> isTrue(v.value())).orElse(dflt);
    }

    private int integer(String name, List<String> envNames, String section, String key, int dflt) {
        Optional<Raw> raw = setting(envNames, section, key);
        if (raw.isEmpty()) {
            return dflt;
        }
        String v = raw.get().value().strip().replace("_", "");
        try {
            return Integer.parseInt(v.startsWith("+") ? v.substring(1) : v);
        } catch (NumberFormatException e) {
            throw new DroverException(DroverException.Kind.OPTIONS, "Invalid type for configuration option setting: "
                    + name + " (from " + raw.get().origin() + "): invalid literal for int() with base 10: '"
                    + raw.get().value() + "'", SourceLocation.of(raw.get().origin()));
        }
    }

    /** Ansible's lenient boolean: y/yes/on/1/true/t (any case) are true, anything else false. */
    static boolean isTrue(String value) {
        return TRUE_WORDS.contains(value.strip().toLowerCase(Locale.ROOT));
    }

    /** Strips one pair of matching surrounding quotes, as ansible-core does for string settings. */
    static String unquote(String s) {
        if (s.length() > 1 && (s.charAt(0) == '"' || s.charAt(0) == '\'') && s.charAt(s.length() - 1) == s.charAt(0)
                && s.charAt(s.length() - 2) != '\\') {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }

    private List<Path> pathList(Raw raw, String separator) {
        List<Path> out = new ArrayList<>();
        for (String part : raw.value().split(Pattern.quote(separator))) {
            if (!part.isBlank()) {
                out.add(resolvePath(part.strip(), raw.baseDir()));
            }
        }
        return List.copyOf(out);
    }

    private Path ansibleHome() {
        String h = env.get("ANSIBLE_HOME");
        return h != null ? resolvePath(h, cwd) : home.resolve(".ansible");
    }

    /** Like ansible-core's unfrackpath without following links: $VARS, then ~, then relative to {@code baseDir}. */
    Path resolvePath(String value, Path baseDir) {
        String s = value.replace("{{CWD}}", cwd.toString());
        s = expandVars(s);
        if (s.equals("~")) {
            s = home.toString();
        } else if (s.startsWith("~/")) {
            s = home + s.substring(1);
        }
        return baseDir.resolve(s).toAbsolutePath().normalize();
    }

    /** $NAME and ${NAME} from the environment map; unknown variables stay as written (like os.path.expandvars). */
    private String expandVars(String s) {
        if (s.indexOf('$') < 0) {
            return s;
        }
        Matcher m = ENV_REF.matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(2) != null ? m.group(2) : m.group(1);
            String v = env.get(name);
            m.appendReplacement(sb, Matcher.quoteReplacement(v != null ? v : m.group()));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
