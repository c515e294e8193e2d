package io.drover.connection.openssh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drover's reading of ssh command lines and ssh_config files against OpenSSH's own: each case in
 * resources/openssh/oracle/cases.txt was run through {@code ssh -G} by record.sh, and expected.txt holds what ssh
 * resolved. Paths in the recording assume ssh ran as root with home /root.
 */
class SshConfigOracleTest {

    private static final String BASE = "/openssh/oracle/";
    private static final List<String> DEFAULT_IDENTITIES = List.of("~/.ssh/id_rsa", "~/.ssh/id_ecdsa",
            "~/.ssh/id_ecdsa_sk", "~/.ssh/id_ed25519", "~/.ssh/id_ed25519_sk", "~/.ssh/id_xmss", "~/.ssh/id_dsa");

    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicTest> resolvesLikeSshG() throws Exception {
        for (String f : List.of("main.conf", "inc/a.conf", "inc/b.conf")) {
            Path target = dir.resolve(f);
            Files.createDirectories(target.getParent());
            Files.writeString(target, resource(f).replace("@DIR@", dir.toString()));
        }
        Map<String, Map<String, List<String>>> expected = expected(resource("expected.txt"));
        List<String> warnings = new ArrayList<>();
        SshSpecResolver resolver = new SshSpecResolver(new SshSpecResolver.Environment(Path.of("/root"), "root",
                "controller", Map.of(), Path.of("/nonexistent/ssh_config"), dir), warnings::add);
        return expected.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            List<String> argv = new ArrayList<>();
            for (String w : Shlex.split(e.getKey())) {
                argv.add(w.replace("@DIR@", dir.toString()));
            }
            SshSpecResolver.Resolved r = resolver.resolveArgs(argv);
            assertEquals(e.getValue(), render(resolver, r), e.getKey());
        }));
    }

    private Map<String, List<String>> render(SshSpecResolver resolver, SshSpecResolver.Resolved r) throws Exception {
        OptionSet o = r.options();
        Map<String, List<String>> m = new TreeMap<>();
        m.put("hostname", List.of(r.hostname()));
        m.put("user", List.of(r.user()));
        m.put("port", List.of(String.valueOf(r.port())));
        List<String> ids = new ArrayList<>();
        for (SshOption id : o.all("identityfile")) {
            ids.add(id.words().get(0).replace(dir.toString(), "@DIR@"));
        }
        m.put("identityfile", ids.isEmpty() ? DEFAULT_IDENTITIES : ids);
        m.put("userknownhostsfile", List.of(join(resolver.knownHostsFiles(r, "userknownhostsfile"))));
        m.put("globalknownhostsfile", List.of(join(resolver.knownHostsFiles(r, "globalknownhostsfile"))));
        String strict = value(o, "stricthostkeychecking", "ask").toLowerCase(Locale.ROOT);
        m.put("stricthostkeychecking", List.of(switch (strict) {
            case "yes", "true" -> "true";
            case "no", "off", "false" -> "false";
            default -> strict;
        }));
        String jump = value(o, "proxyjump", "none");
        if (!jump.equals("none")) {
            m.put("proxyjump", List.of(jump));
        }
        SshOption pc = o.get("proxycommand");
        if (pc != null && !pc.value().strip().equals("none")) {
            m.put("proxycommand", List.of(pc.value().strip()));
        }
        String ct = value(o, "connecttimeout", "none");
        m.put("connecttimeout", List.of(ct.equals("none") ? ct : String.valueOf(SshTokens.seconds(ct, ""))));
        m.put("connectionattempts", List.of(value(o, "connectionattempts", "1")));
        m.put("serveraliveinterval", List.of(String.valueOf(SshTokens.seconds(value(o, "serveraliveinterval", "0"), ""))));
        m.put("serveralivecountmax", List.of(value(o, "serveralivecountmax", "3")));
        m.put("compression", List.of(r.args().compression() ? "yes" : bool(value(o, "compression", "no"))));
        for (String k : List.of("batchmode", "identitiesonly", "hashknownhosts")) {
            m.put(k, List.of(bool(value(o, k, "no"))));
        }
        for (String k : List.of("passwordauthentication", "kbdinteractiveauthentication", "pubkeyauthentication")) {
            m.put(k, List.of(bool(value(o, k, "yes"))));
        }
        for (String k : List.of("hostkeyalias", "identityagent")) {
            if (o.get(k) != null) {
                m.put(k, List.of(value(o, k, null)));
            }
        }
        return m;
    }

    private static String value(OptionSet o, String k, String dflt) throws SshConfigException {
        String v = o.first(k);
        return v == null ? dflt : v;
    }

    private static String bool(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "yes", "true" -> "yes";
            case "no", "false" -> "no";
            default -> v;
        };
    }

    private static String join(List<Path> paths) {
        return String.join(" ", paths.stream().map(Path::toString).toList());
    }

    private static Map<String, Map<String, List<String>>> expected(String text) {
        Map<String, Map<String, List<String>>> cases = new LinkedHashMap<>();
        Map<String, List<String>> current = null;
        for (String line : text.split("\n")) {
            if (line.startsWith("== ")) {
                current = new TreeMap<>();
                cases.put(line.substring(3), current);
            } else if (current != null && !line.isBlank()) {
                int sp = line.indexOf(' ');
                String key = line.substring(0, sp);
                String value = line.substring(sp + 1);
                boolean booleanKey = key.endsWith("authentication") || key.equals("batchmode")
                        || key.equals("compression") || key.equals("identitiesonly") || key.equals("hashknownhosts");
                current.computeIfAbsent(key, k -> new ArrayList<>()).add(booleanKey ? bool(value) : value);
            }
        }
        return cases;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = SshConfigOracleTest.class.getResourceAsStream(BASE + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
