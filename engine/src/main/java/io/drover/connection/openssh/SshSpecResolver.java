package io.drover.connection.openssh;

import io.drover.connection.ConnectionSpec;
import io.drover.connection.SshSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Turns what ansible-core knows about a host into the {@link ConnectionSpec} Drover connects with, reaching the same
 * host with the same security as ansible-core 2.14 running OpenSSH:
 * <ol>
 * <li>{@link #ansibleArguments} rebuilds the ssh argument list ansible-core would run: ssh_args, then
 *     {@code StrictHostKeyChecking=no} when host_key_checking is off, Port, IdentityFile, the authentication
 *     restrictions used without a password, User, ConnectTimeout, ssh_common_args, ssh_extra_args, the host;</li>
 * <li>those arguments are read as ssh reads them ({@link OpenSshArgs}); the first value obtained for an option
 *     wins;</li>
 * <li>then the {@code -F} file, or {@code ~/.ssh/config} and the system {@code ssh_config}, with {@code Host} and
 *     {@code Match} blocks, {@code Include}, and a final pass when a {@code Match final} asks for one;</li>
 * <li>each ProxyJump hop is resolved the same way, as ssh does for the {@code ssh -W} it runs per hop.</li>
 * </ol>
 * One instance serves one run: parsed files are cached, and each unsupported option is warned about once. Safe for
 * concurrent use.
 */
public final class SshSpecResolver {

    /** The controller as ssh sees it. */
    public record Environment(Path home, String localUser, String localHostname, Map<String, String> env,
                              Path systemConfig, Path cwd) {
        public Environment {
            env = Map.copyOf(env);
        }

        /** This process's user, home, host name and environment, and /etc/ssh/ssh_config. */
        public static Environment fromSystem() {
            String host = System.getenv().getOrDefault("HOSTNAME", "");
            try {
                host = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            } catch (IOException | RuntimeException e) {
                // keep $HOSTNAME: only %l/%L/%C tokens use it
            }
            return new Environment(Path.of(System.getProperty("user.home")), System.getProperty("user.name"), host,
                    System.getenv(), Path.of("/etc/ssh/ssh_config"), Path.of("").toAbsolutePath());
        }
    }

    /**
     * What ssh resolved for a destination, as {@code ssh -G} would show it.
     *
     * @param args     the command line as read
     * @param hostArg  the destination's host as given (%n)
     * @param hostname the host to connect to, after HostName (%h)
     * @param user     the remote user (%r)
     * @param port     the port (%p)
     * @param options  every option obtained, first value winning
     */
    public record Resolved(OpenSshArgs args, String hostArg, String hostname, String user, int port,
                           OptionSet options) {
    }

    private static final int MAX_INCLUDE_DEPTH = 16;
    private static final int MAX_JUMP_DEPTH = 8;

    /** Options the resolver turns into the connection spec. */
    private static final Set<String> SUPPORTED = Set.of("hostname", "port", "user", "identityfile", "identitiesonly",
            "userknownhostsfile", "globalknownhostsfile", "stricthostkeychecking", "hashknownhosts", "hostkeyalias",
            "connecttimeout", "connectionattempts", "serveraliveinterval", "serveralivecountmax", "proxyjump",
            "proxycommand", "pubkeyauthentication", "passwordauthentication", "kbdinteractiveauthentication",
            "batchmode", "compression", "identityagent", "preferredauthentications");
    /**
     * Accepted and ignored without a word: logging, connection sharing (Drover keeps one connection per host),
     * environment passing, GSSAPI (Debian's default ssh_config enables it), prompting and terminal details.
     */
    private static final Set<String> SILENT = Set.of("loglevel", "logverbose", "syslogfacility", "controlmaster",
            "controlpersist", "controlpath", "sendenv", "gssapiauthentication", "gssapidelegatecredentials",
            "gssapikeyexchange", "gssapitrustdns", "gssapirenewalforcesrekey", "gssapikexalgorithms",
            "gssapiclientidentity", "gssapiserveridentity", "visualhostkey", "escapechar", "requesttty",
            "numberofpasswordprompts", "tcpkeepalive", "enablesshkeysign", "xauthlocation", "addkeystoagent",
            "kbdinteractivedevices", "ignoreunknown", "fingerprinthash", "stdinnull", "sessiontype",
            "forkafterauthentication", "updatehostkeys", "ipqos", "rekeylimit", "obscurekeystroketiming");
    /** Options whose value here changes nothing Drover does. */
    private static final Map<String, Set<String>> NO_EFFECT = Map.ofEntries(
            Map.entry("forwardagent", Set.of("no", "false")),
            Map.entry("forwardx11", Set.of("no", "false")),
            Map.entry("forwardx11trusted", Set.of("no", "false", "yes", "true")),
            Map.entry("addressfamily", Set.of("any")),
            Map.entry("checkhostip", Set.of("no", "false")),
            Map.entry("verifyhostkeydns", Set.of("no", "false")),
            Map.entry("canonicalizehostname", Set.of("no", "false")),
            Map.entry("clearallforwardings", Set.of("no", "false", "yes", "true")),
            Map.entry("exitonforwardfailure", Set.of("no", "false", "yes", "true")),
            Map.entry("gatewayports", Set.of("no", "false")),
            Map.entry("hostbasedauthentication", Set.of("no", "false")),
            Map.entry("permitlocalcommand", Set.of("no", "false")),
            Map.entry("tunnel", Set.of("no", "false")),
            Map.entry("proxyusefdpass", Set.of("no", "false")));

    private final Environment environment;
    private final Consumer<String> warnings;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private final Map<Path, SshConfig> files = new ConcurrentHashMap<>();
    private final Map<String, List<Path>> globs = new ConcurrentHashMap<>();
    private final Map<String, Boolean> execResults = new ConcurrentHashMap<>();

    public SshSpecResolver(Environment environment, Consumer<String> warnings) {
        this.environment = environment;
        this.warnings = warnings;
    }

    // ---- ansible-core's side ----

    /** The ssh arguments ansible-core 2.14 would pass for {@code in}, ending with the host. */
    public static List<String> ansibleArguments(AnsibleSsh in) throws SshConfigException {
        List<String> argv = new ArrayList<>(Shlex.split(in.sshArgs()));
        if (!in.hostKeyChecking()) {
            argv.addAll(List.of("-o", "StrictHostKeyChecking=no"));
        }
        if (in.port() != null) {
            argv.addAll(List.of("-o", "Port=" + in.port()));
        }
        if (in.privateKeyFile() != null && !in.privateKeyFile().isEmpty()) {
            argv.addAll(List.of("-o", "IdentityFile=\"" + expandUser(in.privateKeyFile()) + "\""));
        }
        if (in.password() == null || in.password().isEmpty()) {
            argv.addAll(List.of("-o", "KbdInteractiveAuthentication=no",
                    "-o", "PreferredAuthentications=gssapi-with-mic,gssapi-keyex,hostbased,publickey",
                    "-o", "PasswordAuthentication=no"));
        }
        if (in.remoteUser() != null && !in.remoteUser().isEmpty()) {
            argv.addAll(List.of("-o", "User=\"" + in.remoteUser() + "\""));
        }
        argv.addAll(List.of("-o", "ConnectTimeout=" + in.timeout()));
        argv.addAll(Shlex.split(in.sshCommonArgs()));
        argv.addAll(Shlex.split(in.sshExtraArgs()));
        argv.add(in.host());
        return argv;
    }

    private static String expandUser(String path) {
        String home = System.getProperty("user.home");
        return path.equals("~") ? home : path.startsWith("~/") ? home + path.substring(1) : path;
    }

    /** The connection spec for one host, as ansible-core and ssh would connect to it. */
    public ConnectionSpec resolve(AnsibleSsh in) throws SshConfigException {
        return spec(in.type(), in.inventoryName(), ansibleArguments(in), in.password(),
                Duration.ofSeconds(in.timeout()), 0);
    }

    // ---- ssh's side ----

    /** What ssh would resolve for the command line {@code argv} (options then destination), like {@code ssh -G}. */
    public Resolved resolveArgs(List<String> argv) throws SshConfigException {
        OpenSshArgs args = OpenSshArgs.parse(argv, environment.home());
        args.warnings().forEach(w -> warnOnce(w, w));
        if (args.destination() == null) {
            throw new SshConfigException("ssh: no host to connect to in: " + String.join(" ", argv));
        }
        OptionSet set = new OptionSet();
        args.options().forEach(set::offer);
        List<Path> userFiles = new ArrayList<>();
        Path systemFile = null;
        if (args.configFile() != null) {
            if (!args.configFile().equalsIgnoreCase("none")) {
                userFiles.add(environment.cwd().resolve(SshTokens.tilde(args.configFile(), environment.home())));
            }
        } else {
            userFiles.add(environment.home().resolve(".ssh/config"));
            systemFile = environment.systemConfig();
        }
        Pass pass = new Pass(args.destination(), set, false);
        pass.applyAll(userFiles, systemFile);
        if (pass.wantFinal) {
            new Pass(args.destination(), set, true).applyAll(userFiles, systemFile);
        }
        String hostname = hostname(set, args.destination()).toLowerCase(Locale.ROOT);
        String user = set.first("user") != null ? set.first("user") : environment.localUser();
        return new Resolved(args, args.destination(), hostname, user, port(set), set);
    }

    private static String hostname(OptionSet set, String hostArg) throws SshConfigException {
        SshOption o = set.get("hostname");
        if (o == null) {
            return hostArg;
        }
        return SshTokens.percent(single(o), Map.of('h', hostArg), o.origin());
    }

    private static int port(OptionSet set) throws SshConfigException {
        SshOption o = set.get("port");
        if (o == null) {
            return 22;
        }
        String v = single(o);
        try {
            int p = Integer.parseInt(v);
            if (p > 0 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // fall through to the error ssh gives
        }
        throw new SshConfigException(o.origin() + ": Badly formatted port number \"" + v + "\"");
    }

    /** The option's only argument; more is an error, as in ssh ("garbage at end of line"). */
    private static String single(SshOption o) throws SshConfigException {
        List<String> words = o.words();
        if (words.isEmpty()) {
            throw new SshConfigException(o.origin() + ": no argument after keyword \"" + o.keyword() + "\"");
        }
        if (words.size() > 1) {
            throw new SshConfigException(o.origin() + ": keyword " + o.keyword() + " extra arguments at end of line");
        }
        return words.get(0);
    }

    /** One reading of the configuration files for a host (ssh reads them again for {@code Match final}). */
    private final class Pass {
        final String hostArg;
        final OptionSet set;
        final boolean finalPass;
        boolean wantFinal;

        Pass(String hostArg, OptionSet set, boolean finalPass) {
            this.hostArg = hostArg;
            this.set = set;
            this.finalPass = finalPass;
        }

        void applyAll(List<Path> userFiles, Path systemFile) throws SshConfigException {
            for (Path f : userFiles) {
                apply(load(f), true, 0);
            }
            if (systemFile != null) {
                apply(load(systemFile), false, 0);
            }
        }

        void apply(SshConfig config, boolean userConfig, int depth) throws SshConfigException {
            boolean active = true;
            for (SshConfig.Line line : config.lines()) {
                switch (line) {
                    case SshConfig.HostLine h -> active = hostLineMatches(h.patterns(),
                            finalPass ? currentHost().toLowerCase(Locale.ROOT) : hostArg);
                    case SshConfig.MatchLine m -> active = matches(m);
                    case SshConfig.OptionLine o -> {
                        if (active) {
                            set.offer(o.option());
                        }
                    }
                    case SshConfig.IncludeLine inc -> {
                        if (active) {
                            if (depth >= MAX_INCLUDE_DEPTH) {
                                throw new SshConfigException(inc.origin() + ": Include nesting too deep");
                            }
                            for (String p : inc.paths()) {
                                for (Path f : include(p, userConfig)) {
                                    apply(load(f), userConfig, depth + 1);
                                }
                            }
                        }
                    }
                }
            }
        }

        /** The host {@code Match host} compares: HostName (with %h) once obtained, else the destination. */
        String currentHost() throws SshConfigException {
            return hostname(set, hostArg);
        }

        String currentUser() throws SshConfigException {
            String u = set.first("user");
            return u != null ? u : environment.localUser();
        }

        boolean matches(SshConfig.MatchLine m) throws SshConfigException {
            List<String> w = m.words();
            boolean result = true;
            for (int i = 0; i < w.size(); i++) {
                String attr = w.get(i);
                boolean negate = attr.startsWith("!");
                if (negate) {
                    attr = attr.substring(1);
                }
                String arg = null;
                int eq = attr.indexOf('=');
                if (eq >= 0) {
                    arg = attr.substring(eq + 1);
                    attr = attr.substring(0, eq);
                }
                attr = attr.toLowerCase(Locale.ROOT);
                boolean r;
                switch (attr) {
                    case "all" -> r = true;
                    case "canonical" -> r = finalPass;
                    case "final" -> {
                        wantFinal = true;
                        r = finalPass;
                    }
                    default -> {
                        if (arg == null) {
                            if (i + 1 >= w.size()) {
                                throw new SshConfigException(m.origin() + ": Missing Match criteria for " + attr);
                            }
                            arg = w.get(++i);
                        }
                        r = switch (attr) {
                            case "host" -> listMatches(currentHost().toLowerCase(Locale.ROOT), arg, true);
                            case "originalhost" -> listMatches(hostArg.toLowerCase(Locale.ROOT), arg, true);
                            case "user" -> listMatches(currentUser(), arg, false);
                            case "localuser" -> listMatches(environment.localUser(), arg, false);
                            case "exec" -> result && exec(arg, m.origin());
                            default -> throw new SshConfigException(m.origin()
                                    + ": Unsupported Match attribute " + attr);
                        };
                    }
                }
                if (negate) {
                    r = !r;
                }
                if (!r) {
                    result = false;
                }
            }
            return result;
        }

        /** {@code Match exec}: ssh runs the command with /bin/sh; exit status 0 matches. Cached per run. */
        boolean exec(String command, String origin) throws SshConfigException {
            Map<Character, String> t = new HashMap<>();
            String host = currentHost();
            String user = currentUser();
            int port = port(set);
            t.put('h', host);
            t.put('n', hostArg);
            t.put('p', String.valueOf(port));
            t.put('r', user);
            t.put('u', environment.localUser());
            t.put('d', environment.home().toString());
            t.put('l', environment.localHostname());
            t.put('L', shortName(environment.localHostname()));
            t.put('C', connectionHash(host, port, user));
            String cmd = SshTokens.percent(command, t, origin);
            return execResults.computeIfAbsent(cmd, SshSpecResolver::runSucceeds);
        }
    }

    private static boolean runSucceeds(String command) {
        try {
            Process p = new ProcessBuilder("/bin/sh", "-c", command)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@code Host} patterns: any positive match, and no negated one. Case-sensitive, as in ssh. */
    static boolean hostLineMatches(List<String> patterns, String host) {
        boolean found = false;
        for (String p : patterns) {
            boolean negated = p.startsWith("!");
            if (SshTokens.glob(host, negated ? p.substring(1) : p)) {
                if (negated) {
                    return false;
                }
                found = true;
            }
        }
        return found;
    }

    /** A comma-separated pattern list as in {@code Match}: a negated match fails the whole list. */
    static boolean listMatches(String value, String list, boolean lowerPatterns) {
        boolean found = false;
        for (String p : list.split(",")) {
            boolean negated = p.startsWith("!");
            String pattern = negated ? p.substring(1) : p;
            if (lowerPatterns) {
                pattern = pattern.toLowerCase(Locale.ROOT);
            }
            if (SshTokens.glob(value, pattern)) {
                if (negated) {
                    return false;
                }
                found = true;
            }
        }
        return found;
    }

    private SshConfig load(Path file) throws SshConfigException {
        SshConfig cached = files.get(file);
        if (cached == null) {
            cached = SshConfig.read(file);
            files.put(file, cached);
        }
        return cached;
    }

    /** The files an Include names: {@code ~} expanded, relative paths under ~/.ssh or /etc/ssh, globs sorted. */
    private List<Path> include(String pattern, boolean userConfig) {
        String p = SshTokens.tildeText(pattern, environment.home());
        Path base = userConfig ? environment.home().resolve(".ssh")
                : environment.systemConfig().toAbsolutePath().getParent();
        String full = p.startsWith("/") ? p : base.resolve(p).toString();
        return globs.computeIfAbsent(full, SshSpecResolver::glob);
    }

    private static List<Path> glob(String pattern) {
        List<Path> current = List.of(Path.of("/"));
        for (String segment : pattern.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            List<Path> next = new ArrayList<>();
            for (Path dir : current) {
                if (segment.indexOf('*') < 0 && segment.indexOf('?') < 0) {
                    next.add(dir.resolve(segment));
                    continue;
                }
                List<Path> matched = new ArrayList<>();
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                    for (Path e : entries) {
                        String name = e.getFileName().toString();
                        if ((!name.startsWith(".") || segment.startsWith(".")) && SshTokens.glob(name, segment)) {
                            matched.add(e);
                        }
                    }
                } catch (IOException e) {
                    // an unreadable or missing directory matches nothing, as with glob(3)
                }
                matched.sort(null);
                next.addAll(matched);
            }
            current = next;
        }
        return current.stream().filter(Files::isRegularFile).toList();
    }

    // ---- the connection spec ----

    private ConnectionSpec spec(String type, String inventoryName, List<String> argv, String password,
                                Duration fallbackTimeout, int depth) throws SshConfigException {
        return specOf(resolveArgs(argv), type, inventoryName, password, fallbackTimeout, depth);
    }

    /** The spec for what ssh resolved; {@code fallbackTimeout} applies when no ConnectTimeout was obtained. */
    ConnectionSpec specOf(Resolved r, String type, String inventoryName, String password, Duration fallbackTimeout,
                          int depth) throws SshConfigException {
        OptionSet o = r.options();
        checkUnsupported(o);
        Map<Character, String> tokens = tokens(r);

        List<Path> identities = new ArrayList<>();
        for (SshOption id : o.all("identityfile")) {
            identities.add(path(single(id), tokens, id.origin()));
        }
        List<Path> knownHosts = new ArrayList<>(knownHostsFiles(r, "userknownhostsfile"));
        knownHosts.addAll(knownHostsFiles(r, "globalknownhostsfile"));

        String strict = word(o, "stricthostkeychecking", "ask").toLowerCase(Locale.ROOT);
        boolean checking;
        boolean acceptNew = false;
        switch (strict) {
            case "no", "off", "false" -> checking = false;
            case "yes", "true" -> checking = true;
            case "accept-new" -> {
                checking = true;
                acceptNew = true;
            }
            case "ask" -> {
                checking = true;
                if (o.get("stricthostkeychecking") != null) {
                    warnOnce("stricthostkeychecking=ask", "StrictHostKeyChecking=ask ("
                            + o.get("stricthostkeychecking").origin() + ") is treated as yes: Drover never asks, "
                            + "so unknown host keys are refused");
                }
            }
            default -> throw new SshConfigException(o.get("stricthostkeychecking").origin()
                    + ": unsupported StrictHostKeyChecking value \"" + strict + "\"");
        }

        Duration timeout = fallbackTimeout;
        String ct = word(o, "connecttimeout", "none");
        if (!ct.equalsIgnoreCase("none")) {
            timeout = Duration.ofSeconds(SshTokens.seconds(ct, o.get("connecttimeout").origin()));
        }

        String preferred = word(o, "preferredauthentications", null);
        List<String> methods = preferred == null ? null : List.of(preferred.split(","));
        boolean pubkey = flag(o, "pubkeyauthentication", true) && (methods == null || methods.contains("publickey"));
        boolean passwordAuth = flag(o, "passwordauthentication", true)
                && (methods == null || methods.contains("password"));
        boolean kbd = flag(o, "kbdinteractiveauthentication", true)
                && (methods == null || methods.contains("keyboard-interactive"));

        List<ConnectionSpec> jumps = List.of();
        String proxyCommand = null;
        String jump = word(o, "proxyjump", null);
        if (jump != null && !jump.equalsIgnoreCase("none")) {
            jumps = jumpChain(jump, r, fallbackTimeout, depth, o.get("proxyjump").origin());
        }
        SshOption pc = o.get("proxycommand");
        if (pc != null) {
            String raw = pc.value().strip();
            if (!raw.equalsIgnoreCase("none")) {
                proxyCommand = SshTokens.percent(raw, tokens, pc.origin());
            }
        }

        SshSettings ssh = new SshSettings(
                flag(o, "identitiesonly", false),
                acceptNew,
                flag(o, "hashknownhosts", false),
                word(o, "hostkeyalias", null),
                integer(o, "connectionattempts", 1),
                Duration.ofSeconds(o.get("serveraliveinterval") == null ? 0
                        : SshTokens.seconds(word(o, "serveraliveinterval", "0"), o.get("serveraliveinterval").origin())),
                integer(o, "serveralivecountmax", 3),
                jumps,
                proxyCommand,
                agentSocket(o, tokens),
                pubkey,
                passwordAuth,
                kbd,
                flag(o, "batchmode", false),
                r.args().compression() || flag(o, "compression", false));
        return new ConnectionSpec(type, inventoryName, r.hostname(), r.port(), r.user(), identities, password,
                checking, knownHosts, timeout, ssh);
    }

    /**
     * ssh reaches the last hop of {@code a,b,c} by running {@code ssh [-l user] [-p port] -J a,b [-F file] c}; the
     * hop gets none of the target's other options. The chain is returned flat, first hop first.
     */
    private List<ConnectionSpec> jumpChain(String value, Resolved target, Duration fallbackTimeout, int depth,
                                           String origin) throws SshConfigException {
        if (depth >= MAX_JUMP_DEPTH) {
            throw new SshConfigException(origin + ": ProxyJump chain too long (a loop?) at " + value);
        }
        int comma = value.lastIndexOf(',');
        String last = value.substring(comma + 1);
        List<String> argv = new ArrayList<>();
        String dest = last;
        if (!last.regionMatches(true, 0, "ssh://", 0, 6)) {
            int at = last.lastIndexOf('@');
            String user = at >= 0 ? last.substring(0, at) : null;
            String hostPort = last.substring(at + 1);
            String port = null;
            if (hostPort.startsWith("[")) {
                int close = hostPort.indexOf(']');
                if (close < 0) {
                    throw new SshConfigException(origin + ": invalid ProxyJump \"" + value + "\"");
                }
                String after = hostPort.substring(close + 1);
                port = after.startsWith(":") ? after.substring(1) : null;
                hostPort = hostPort.substring(1, close);
            } else if (hostPort.indexOf(':') >= 0 && hostPort.indexOf(':') == hostPort.lastIndexOf(':')) {
                port = hostPort.substring(hostPort.indexOf(':') + 1);
                hostPort = hostPort.substring(0, hostPort.indexOf(':'));
            }
            if (hostPort.isEmpty()) {
                throw new SshConfigException(origin + ": invalid ProxyJump \"" + value + "\"");
            }
            if (user != null) {
                argv.addAll(List.of("-l", user));
            }
            if (port != null) {
                argv.addAll(List.of("-p", port));
            }
            dest = hostPort;
        }
        if (comma > 0) {
            argv.addAll(List.of("-J", value.substring(0, comma)));
        }
        if (target.args().configFile() != null) {
            argv.addAll(List.of("-F", target.args().configFile()));
        }
        argv.add(dest);
        ConnectionSpec hop = spec("ssh", dest, argv, null, fallbackTimeout, depth + 1);
        List<ConnectionSpec> chain = new ArrayList<>(hop.ssh().jumpHosts());
        chain.add(withoutJumps(hop));
        return chain;
    }

    private static ConnectionSpec withoutJumps(ConnectionSpec s) {
        SshSettings x = s.ssh();
        SshSettings flat = new SshSettings(x.identitiesOnly(), x.acceptNewHostKeys(), x.hashKnownHosts(),
                x.hostKeyAlias(), x.connectionAttempts(), x.serverAliveInterval(), x.serverAliveCountMax(), List.of(),
                x.proxyCommand(), x.agentSocket(), x.pubkeyAuthentication(), x.passwordAuthentication(),
                x.keyboardInteractiveAuthentication(), x.batchMode(), x.compression());
        return new ConnectionSpec(s.type(), s.inventoryName(), s.address(), s.port(), s.user(), s.identityFiles(),
                s.password(), s.hostKeyChecking(), s.knownHosts(), s.timeout(), flat);
    }

    /** UserKnownHostsFile or GlobalKnownHostsFile expanded, with ssh's defaults; {@code none} for no file. */
    List<Path> knownHostsFiles(Resolved r, String keyword) throws SshConfigException {
        String dflt = keyword.equals("userknownhostsfile") ? "~/.ssh/known_hosts ~/.ssh/known_hosts2"
                : "/etc/ssh/ssh_known_hosts /etc/ssh/ssh_known_hosts2";
        return paths(r.options().get(keyword), dflt, tokens(r));
    }

    /** IdentityAgent: {@code none}; {@code SSH_AUTH_SOCK} or unset for $SSH_AUTH_SOCK; {@code $VAR}; a path. */
    private Path agentSocket(OptionSet o, Map<Character, String> tokens) throws SshConfigException {
        SshOption ia = o.get("identityagent");
        String value = ia == null ? "SSH_AUTH_SOCK" : single(ia);
        if (value.equalsIgnoreCase("none")) {
            return null;
        }
        String socket;
        if (value.equals("SSH_AUTH_SOCK")) {
            socket = environment.env().get("SSH_AUTH_SOCK");
        } else if (value.startsWith("$") && !value.startsWith("${")) {
            socket = environment.env().get(value.substring(1));
        } else {
            return path(value, tokens, ia.origin());
        }
        return socket == null || socket.isEmpty() ? null : Path.of(socket);
    }

    private Map<Character, String> tokens(Resolved r) {
        Map<Character, String> t = new HashMap<>();
        t.put('h', r.hostname());
        t.put('n', r.hostArg());
        t.put('p', String.valueOf(r.port()));
        t.put('r', r.user());
        t.put('u', environment.localUser());
        t.put('d', environment.home().toString());
        t.put('l', environment.localHostname());
        t.put('L', shortName(environment.localHostname()));
        t.put('C', connectionHash(r.hostname(), r.port(), r.user()));
        SshOption alias = r.options().get("hostkeyalias");
        t.put('k', alias != null ? alias.value().strip() : r.hostArg());
        SshOption jump = r.options().get("proxyjump");
        t.put('j', jump != null ? jump.value().strip() : "");
        return t;
    }

    private static String shortName(String host) {
        int dot = host.indexOf('.');
        return dot < 0 ? host : host.substring(0, dot);
    }

    /** %C: SHA-1 of local host name, host, port and user, in hex. */
    private String connectionHash(String host, int port, String user) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] d = sha1.digest((environment.localHostname() + host + port + user)
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A file name option: ${VAR}, then ~, then %-tokens; relative names stay relative, as in ssh. */
    private Path path(String value, Map<Character, String> tokens, String origin) throws SshConfigException {
        String s = SshTokens.env(value, environment.env(), origin);
        s = SshTokens.tildeText(s, environment.home());
        return Path.of(SshTokens.percent(s, tokens, origin));
    }

    private List<Path> paths(SshOption option, String dflt, Map<Character, String> tokens)
            throws SshConfigException {
        List<String> words = option == null ? List.of(dflt.split(" ")) : option.words();
        String origin = option == null ? "default" : option.origin();
        List<Path> out = new ArrayList<>();
        if (words.size() == 1 && words.get(0).equalsIgnoreCase("none")) {
            return out;
        }
        for (String w : words) {
            out.add(path(w, tokens, origin));
        }
        return out;
    }

    private static String word(OptionSet o, String keyword, String dflt) throws SshConfigException {
        SshOption opt = o.get(keyword);
        return opt == null ? dflt : single(opt);
    }

    private static boolean flag(OptionSet o, String keyword, boolean dflt) throws SshConfigException {
        SshOption opt = o.get(keyword);
        if (opt == null) {
            return dflt;
        }
        return switch (single(opt).toLowerCase(Locale.ROOT)) {
            case "yes", "true" -> true;
            case "no", "false" -> false;
            // PubkeyAuthentication unbound / host-bound mean "yes" for a client without key binding
            case "unbound", "host-bound" -> true;
            default -> throw new SshConfigException(opt.origin() + ": Bad yes/no argument for " + keyword);
        };
    }

    private static int integer(OptionSet o, String keyword, int dflt) throws SshConfigException {
        SshOption opt = o.get(keyword);
        if (opt == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(single(opt));
        } catch (NumberFormatException e) {
            throw new SshConfigException(opt.origin() + ": Bad number for " + keyword);
        }
    }

    /**
     * One warning per run for each option Drover cannot honour; RevokedHostKeys is refused outright, since ignoring
     * it would accept keys the user revoked.
     */
    private void checkUnsupported(OptionSet o) throws SshConfigException {
        for (String k : o.keywords()) {
            if (SUPPORTED.contains(k) || SILENT.contains(k)) {
                continue;
            }
            SshOption opt = o.get(k);
            String value = String.join(" ", opt.words()).toLowerCase(Locale.ROOT);
            if (NO_EFFECT.getOrDefault(k, Set.of()).contains(value)) {
                continue;
            }
            if (k.equals("revokedhostkeys") && !value.equals("none")) {
                throw new SshConfigException(opt.origin() + ": RevokedHostKeys is not supported by Drover; "
                        + "refusing to connect rather than accept keys that may be revoked");
            }
            warnOnce("option:" + k, "OpenSSH option " + k + " (" + opt.origin()
                    + ") is not supported by Drover and is ignored");
        }
    }

    private void warnOnce(String key, String message) {
        if (warned.add(key)) {
            warnings.accept(message);
        }
    }
}
