package io.drover.modules.packaging;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the target's dpkg and apt know about some package names, gathered by one script section each
 * ({@link #script}) and read back by {@link #parse}: dpkg's status and version, whether dpkg still lists files
 * for the package (left-over conffiles after a removal), apt's candidate and available versions (with the
 * default release applied), the packages providing a virtual name, and which names are marked auto-installed.
 */
record AptFacts(Map<String, Package> packages, Set<String> auto) {

    /**
     * One name.
     *
     * @param status     dpkg's {@code db:Status-Status} ({@code installed}, {@code config-files}, ...), null if
     *                   dpkg does not know the name
     * @param installed  the version dpkg has for it (meaningful when status is {@code installed})
     * @param hasFiles   dpkg lists files for it (what a purge would remove)
     * @param versions   versions apt can choose from (its policy's version table, newest first); empty for a
     *                   purely virtual or unknown name
     * @param candidate  the version apt would install, or null
     * @param providers  packages that provide this name, for a virtual package
     */
    record Package(String name, String status, String installed, boolean hasFiles, List<String> versions,
                   String candidate, List<String> providers) {

        boolean isInstalled() {
            return "installed".equals(status);
        }

        /** Whether python-apt's cache would hold this name as a real package (it has versions). */
        boolean isReal() {
            return !versions.isEmpty();
        }
    }

    private static final Pattern POLICY_HEADER = Pattern.compile("^(\\S+):$");
    private static final Pattern POLICY_VERSION = Pattern.compile("^ (?:\\*\\*\\*| {3}) (\\S+) (-?\\d+)$");

    /** Shell text printing sections dpkg, files, policy, provides, auto for the names. */
    static String script(List<String> names, String defaultRelease) {
        return script(AptScript.quoteAll(names), defaultRelease);
    }

    /** Like {@link #script(List, String)} for shell words, e.g. an unquoted variable holding names by line. */
    static String script(String quoted, String defaultRelease) {
        String release = defaultRelease == null ? ""
                : " -o " + io.drover.modules.commands.ShellText.quote("APT::Default-Release=" + defaultRelease);
        return String.join("\n",
                "_dvsec dpkg",
                "dpkg-query -W -f='${Package}\\t${Architecture}\\t${db:Status-Status}\\t${Version}\\n' -- "
                        + quoted + " 2>/dev/null",
                "_dvsec files",
                "_dvarch=$(dpkg --print-architecture 2>/dev/null)",
                "for _dvp in " + quoted + "; do",
                "  if [ -s \"/var/lib/dpkg/info/$_dvp.list\" ] || [ -s \"/var/lib/dpkg/info/$_dvp:$_dvarch.list\" ];"
                        + " then echo \"$_dvp\"; fi",
                "done",
                "echo \"arch $_dvarch\"",
                "_dvsec policy",
                "apt-cache" + release + " policy " + quoted + " >\"$_dvtmp/policy\" 2>/dev/null; cat \"$_dvtmp/policy\"",
                // Only names without versions (virtual ones) can have providers worth a second apt-cache run.
                "_dvvirt=$(awk '/^[^ ].*:$/ { if (n != \"\" && !v) print n; n = substr($0, 1, length($0) - 1); v = 0; next }"
                        + " /^ (\\*\\*\\*|   ) [^ ]/ { v = 1 } END { if (n != \"\" && !v) print n }' \"$_dvtmp/policy\")",
                "_dvsec provides",
                "[ -z \"$_dvvirt\" ] || apt-cache showpkg $_dvvirt 2>/dev/null"
                        + " | awk '/^Package: /{print; p=0; next} /^Reverse Provides:/{p=1; next} p && NF'",
                "_dvsec auto",
                // apt-mark showauto would load the whole cache again; its answer is in extended_states.
                "for _dvp in " + quoted + "; do",
                "  awk -v n=\"$_dvp\" '/^Package: / { p = $2 } /^Auto-Installed: 1/ && p == n { print n; exit }'"
                        + " /var/lib/apt/extended_states 2>/dev/null",
                "done",
                "");
    }

    static AptFacts parse(List<String> names, Map<String, String> sections) {
        Set<String> withFiles = new LinkedHashSet<>();
        String arch = "";
        for (String line : lines(sections.get("files"))) {
            if (line.startsWith("arch ")) {
                arch = line.substring(5).strip();
            } else {
                withFiles.add(line.strip());
            }
        }
        Map<String, String[]> dpkg = new LinkedHashMap<>();
        for (String line : lines(sections.get("dpkg"))) {
            String[] f = line.split("\t", -1);
            if (f.length < 4) {
                continue;
            }
            // Without an architecture the name means the native package; another arch only if that is all there is.
            if (f[1].equals(arch) || f[1].equals("all")) {
                dpkg.put(f[0], f);
            } else {
                dpkg.putIfAbsent(f[0], f);
            }
        }
        Map<String, List<String>> versions = new LinkedHashMap<>();
        Map<String, String> candidates = new LinkedHashMap<>();
        String current = null;
        for (String line : lines(sections.get("policy"))) {
            Matcher h = POLICY_HEADER.matcher(line);
            if (h.matches()) {
                current = h.group(1);
                versions.put(current, new ArrayList<>());
                continue;
            }
            if (current == null) {
                continue;
            }
            String t = line.strip();
            if (t.startsWith("Candidate:")) {
                String c = t.substring("Candidate:".length()).strip();
                candidates.put(current, c.equals("(none)") ? null : c);
                continue;
            }
            Matcher v = POLICY_VERSION.matcher(line);
            if (v.matches() && !versions.get(current).contains(v.group(1))) {
                versions.get(current).add(v.group(1));
            }
        }
        Map<String, List<String>> providers = new LinkedHashMap<>();
        current = null;
        for (String line : lines(sections.get("provides"))) {
            if (line.startsWith("Package: ")) {
                current = line.substring("Package: ".length()).strip();
                providers.put(current, new ArrayList<>());
            } else if (current != null && !line.isBlank()) {
                String provider = line.strip().split("\\s+")[0];
                if (!providers.get(current).contains(provider)) {
                    providers.get(current).add(provider);
                }
            }
        }
        Set<String> auto = new LinkedHashSet<>();
        for (String line : lines(sections.get("auto"))) {
            if (!line.isBlank()) {
                auto.add(line.strip());
            }
        }
        Map<String, Package> out = new LinkedHashMap<>();
        for (String n : names) {
            String[] d = dpkg.get(n);
            out.put(n, new Package(n, d == null ? null : d[2], d == null || d[3].isEmpty() ? null : d[3],
                    withFiles.contains(n), List.copyOf(versions.getOrDefault(n, List.of())), candidates.get(n),
                    List.copyOf(providers.getOrDefault(n, List.of()))));
        }
        return new AptFacts(out, auto);
    }

    private static List<String> lines(String text) {
        return text == null ? List.of() : text.lines().toList();
    }
}
