package io.drover.modules.packaging;

import io.drover.connection.ConnectionException;
import io.drover.module.ModuleContext;
import io.drover.module.ModuleResult;
import io.drover.modules.commands.ShellText;
import io.drover.modules.net.Fetcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * apt's {@code deb}: installs .deb files on the target (comma separated paths, or one URL downloaded there first)
 * with {@code dpkg -i}, after installing their missing dependencies with apt-get, as Ansible does. A file whose
 * version is already installed is skipped; one older than the installed (or, if not installed, the candidate)
 * version fails with "A later version is already installed" unless {@code allow_downgrade} or {@code force}; an
 * unsatisfiable dependency fails with "Dependency is not satisfiable". Conflicts are left to dpkg.
 *
 * <p>The query lists each file's control fields, the installed packages with their Provides, and the apt facts of
 * every name the files depend on; the apply installs the dependencies and runs dpkg in one script.
 */
final class DebInstall {

    private static final Pattern FIELD = Pattern.compile("^([A-Za-z-]+):\\s*(.*)$");
    private static final Pattern ALTERNATIVE = Pattern.compile("^([^\\s(:]+)(?::\\S+)?\\s*(?:\\(\\s*([<>=]+)\\s*([^)\\s]+)\\s*\\))?.*$");

    private DebInstall() {
    }

    private static boolean isUrl(String deb) {
        return deb.contains("://");
    }

    /** Shell text of the query stage: download (URL), then sections deb-files, installed, debnames and the facts. */
    static String queryScript(String deb) {
        StringBuilder sb = new StringBuilder();
        List<String> files = isUrl(deb) ? List.of() : List.of(deb.split(",", -1));
        if (isUrl(deb)) {
            String base = deb.replaceFirst("[?#].*$", "");
            base = base.substring(base.lastIndexOf('/') + 1);
            sb.append(fetcher().shellFunction())
                    .append("_dvkeep=$(mktemp -d) || exit 1\n")
                    .append("_dvh=\"$_dvtmp/h\"; _dvf=\"$_dvkeep/\"").append(ShellText.quote(base.isEmpty() ? "download.deb" : base))
                    .append('\n')
                    .append("_dvget GET ").append(ShellText.quote(deb)).append(" \"$_dvf\"\n")
                    .append("_dvsec deb-fetch\n")
                    .append("echo \"$_dvrc $_dvbk $_dvkeep\"; grep '^HTTP/' \"$_dvh\" | tail -n 1 | tr -d '\\r'\n")
                    .append("_dvsec deb-fetch-error\ncat \"$_dvh.e\"\n")
                    .append("if [ \"$_dvrc\" != 0 ] || ! grep '^HTTP/' \"$_dvh\" | tail -n 1 | grep -q ' 2[0-9][0-9]'; then"
                            + " rm -rf \"$_dvkeep\"; exit 0; fi\n")
                    .append("set -- \"$_dvf\"\n");
        } else {
            sb.append("set --");
            files.forEach(f -> sb.append(' ').append(ShellText.quote(f)));
            sb.append('\n');
        }
        sb.append("""
                _dvi=0
                for _dvf in "$@"; do
                  _dvsec "deb-file-$_dvi"; printf '%s\\n' "$_dvf"
                  _dvsec "deb-fields-$_dvi"
                  if [ -e "$_dvf" ]; then dpkg-deb -f "$_dvf" Package Version Architecture Pre-Depends Depends 2>&1
                  else echo "E:Could not open file $_dvf - open (2: No such file or directory)"; fi
                  _dvsec "deb-rc-$_dvi"; dpkg-deb -f "$_dvf" Package >/dev/null 2>&1; echo $?
                  _dvi=$((_dvi + 1))
                done
                _dvsec installed
                dpkg-query -W -f='${db:Status-Status}\\t${Package}\\t${Version}\\t${Provides}\\n' 2>/dev/null \\
                  | awk -F'\\t' '$1 == "installed"'
                _dvnames=$(for _dvf in "$@"; do dpkg-deb -f "$_dvf" Package Pre-Depends Depends 2>/dev/null; done \\
                  | sed 's/^[A-Za-z-]*://' | tr ',|' '\\n\\n' | sed 's/^[[:space:]]*//; s/[[:space:](:].*//' \\
                  | grep -v '^$' | sort -u)
                _dvsec debnames
                printf '%s\\n' "$_dvnames"
                """);
        sb.append(AptFacts.script("$_dvnames", null)).append('\n');
        return sb.toString();
    }

    private static Fetcher fetcher() {
        return new Fetcher("ansible-httpget", 10, true, true, null, null, false, Map.of(), null, null, true);
    }

    /** One control file. */
    record Deb(String path, String name, String version, String depends) {
    }

    /** An installed package: its version and what it provides (name to version, "" when unversioned). */
    record Installed(String version, Map<String, String> provides) {
    }

    static ModuleResult run(ModuleContext ctx, Map<String, String> out, AptModule.Options o, AptModule.Tools tools)
            throws ConnectionException {
        String keep = null;
        if (isUrl(o.deb())) {
            String[] fetch = out.getOrDefault("deb-fetch", "").strip().split("\n");
            String[] head = fetch[0].split(" ");
            String status = fetch.length > 1 ? fetch[1].strip() : "";
            if (head.length < 3 || !head[0].equals("0") || !status.matches("HTTP/\\S+ 2\\d\\d.*")) {
                String reason = head.length >= 2 && !head[0].equals("0")
                        ? Fetcher.failure(head[1], Integer.parseInt(head[0]), out.getOrDefault("deb-fetch-error", ""), o.deb())
                        : httpError(status);
                return ModuleResult.failed("Failure downloading " + o.deb() + ", " + reason);
            }
            keep = head[2];
        }
        List<Deb> debs = new ArrayList<>();
        for (int i = 0; out.containsKey("deb-file-" + i); i++) {
            String path = out.get("deb-file-" + i).strip();
            String fields = out.getOrDefault("deb-fields-" + i, "");
            if (!out.getOrDefault("deb-rc-" + i, "1").strip().equals("0")) {
                return cleanupAndFail(ctx, keep, "Unable to install package: " + fields.strip());
            }
            Map<String, String> f = fields(fields);
            String depends = String.join(", ", List.of(f.getOrDefault("Pre-Depends", ""), f.getOrDefault("Depends", ""))
                    .stream().filter(s -> !s.isBlank()).toList());
            debs.add(new Deb(path, f.get("Package"), f.get("Version"), depends));
        }
        Map<String, Installed> installed = installed(out.get("installed"));
        List<String> names = out.getOrDefault("debnames", "").lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
        AptFacts facts = AptFacts.parse(names, out);
        List<String> deps = new ArrayList<>();
        List<String> files = new ArrayList<>();
        for (Deb deb : debs) {
            Installed current = installed.get(deb.name());
            if (current != null && DebianVersion.compare(deb.version(), current.version()) == 0) {
                continue;
            }
            String failure = check(deb, current, facts, installed, deps, o.allowDowngrade());
            if (failure != null && !o.force()) {
                return cleanupAndFail(ctx, keep, failure);
            }
            files.add(deb.path());
        }
        if (files.isEmpty()) {
            if (keep != null) {
                ctx.exec("rm -rf " + ShellText.quote(keep));
            }
            return ModuleResult.builder().changed(false).put("stdout", "").put("stderr", "").put("diff", "").build();
        }
        return apply(ctx, o, tools, deps, files, facts, keep);
    }

    private static ModuleResult apply(ModuleContext ctx, AptModule.Options o, AptModule.Tools tools, List<String> deps,
                                      List<String> files, AptFacts facts, String keep) throws ConnectionException {
        AptScript s = new AptScript();
        String depsCmd = null;
        List<String> depNames = List.of();
        if (!deps.isEmpty()) {
            AptPlanner.Install plan;
            try {
                plan = AptPlanner.install(deps.stream().map(PackageSpec::parse).toList(), facts, false, false, false);
            } catch (AptPlanner.PlanFailure e) {
                return cleanupAndFail(ctx, keep, e.getMessage());
            }
            depNames = plan.names();
            if (!plan.packages().isEmpty()) {
                AptCommands.Flags flags = new AptCommands.Flags(AptCommands.dpkgOptions(o.dpkgOptions()), false,
                        ctx.checkMode(), false, o.failOnAutoremove(), false, false, false, null, o.installRecommends(),
                        o.allowUnauthenticated(), o.allowDowngrade(), o.allowChangeHeld());
                depsCmd = AptCommands.install(tools.aptGet(), flags,
                        plan.packages().stream().map(p -> "'" + p + "'").toList(), false);
                s.line(PolicyRcD.wrap(o.policyRcD(), AptModule.runApt("deps", depsCmd, o)))
                        .line("[ \"$_dvr\" = 0 ] || { [ -n " + ShellText.quote(keep == null ? "" : keep) + " ] && rm -rf "
                                + ShellText.quote(keep == null ? "" : keep) + "; exit 0; }");
            }
            if (!ctx.checkMode() && !depNames.isEmpty()) {
                s.line(AptScript.runCommand("mark", tools.aptMark() + " manual " + String.join(" ", depNames)));
            }
        }
        StringBuilder options = new StringBuilder();
        for (String opt : o.dpkgOptions().split(",", -1)) {
            options.append(options.isEmpty() ? "" : " ").append("--").append(opt);
        }
        if (ctx.checkMode()) {
            options.append(" --simulate");
        }
        if (o.force()) {
            options.append(" --force-all");
        }
        String dpkgCmd = "dpkg " + options + " -i " + String.join(" ", files);
        s.line(PolicyRcD.wrap(o.policyRcD(), AptScript.runCommand("dpkg", dpkgCmd)));
        if (keep != null) {
            s.line("rm -rf " + ShellText.quote(keep));
        }
        Map<String, String> out = s.sections(ctx.exec(s.text()).stdout());
        if (out.containsKey("policy-failed")) {
            return ModuleResult.failed(PolicyRcD.failure(out));
        }
        AptScript.Run depsRun = AptScript.run(out, "deps");
        if (depsRun != null && depsRun.rc() != 0) {
            return ModuleResult.builder().failed("'" + depsCmd + "' failed: " + depsRun.err()).put("stdout", depsRun.out())
                    .put("stderr", depsRun.err()).put("rc", depsRun.rc()).build();
        }
        AptScript.Run marked = AptScript.run(out, "mark");
        if (marked != null && marked.rc() != 0) {
            return ModuleResult.builder().failed("'" + tools.aptMark() + " manual " + String.join(" ", depNames)
                    + "' failed: " + marked.err()).put("stdout", marked.out()).put("stderr", marked.err())
                    .put("rc", marked.rc()).build();
        }
        AptScript.Run dpkg = AptScript.run(out, "dpkg");
        String stdout = (depsRun == null ? "" : depsRun.out()) + dpkg.out();
        String stderr = (depsRun == null ? "" : depsRun.err()) + dpkg.err();
        if (dpkg.rc() != 0) {
            return ModuleResult.builder().failed(dpkgCmd + " failed").put("stdout", stdout).put("stderr", stderr).build();
        }
        Map<String, Object> diff;
        if (depsRun != null) {
            Map<String, Object> d = AptModule.diffOf(depsRun.out(), ctx.diffMode());
            diff = d.containsKey("prepared") ? Map.of("prepared", d.get("prepared") + "\n\n" + dpkg.out()) : d;
        } else {
            diff = Map.of("prepared", AptCommands.prepared(dpkg.out()));
        }
        return ModuleResult.builder().changed(true).put("stdout", stdout).put("stderr", stderr).put("diff", diff).build();
    }

    private static ModuleResult cleanupAndFail(ModuleContext ctx, String keep, String msg) throws ConnectionException {
        if (keep != null) {
            ctx.exec("rm -rf " + ShellText.quote(keep));
        }
        return ModuleResult.failed(msg);
    }

    /** python-apt's installability check, adding the names of missing dependencies to {@code deps}; null when fine. */
    static String check(Deb deb, Installed current, AptFacts facts, Map<String, Installed> installed, List<String> deps,
                        boolean allowDowngrade) {
        AptFacts.Package known = facts.packages().get(deb.name());
        String other = current != null ? current.version() : known == null ? null : known.candidate();
        if (!allowDowngrade && other != null && DebianVersion.compare(deb.version(), other) < 0) {
            return "A later version is already installed";
        }
        StringBuilder failure = new StringBuilder();
        for (String group : deb.depends().split(",")) {
            if (group.isBlank()) {
                continue;
            }
            List<String[]> alternatives = new ArrayList<>();
            for (String alt : group.split("\\|")) {
                Matcher m = ALTERNATIVE.matcher(alt.strip());
                if (m.matches()) {
                    alternatives.add(new String[] {m.group(1), m.group(2), m.group(3)});
                }
            }
            if (alternatives.stream().anyMatch(a -> satisfiedBy(a, installed))) {
                continue;
            }
            String pick = null;
            for (String[] a : alternatives) {
                AptFacts.Package p = facts.packages().get(a[0]);
                if (p == null) {
                    continue;
                }
                if (p.candidate() != null && relation(p.candidate(), a[1], a[2])) {
                    pick = a[0];
                    break;
                }
                if (!p.isReal() && a[1] == null && !p.providers().isEmpty()) {
                    pick = p.providers().get(0);
                    break;
                }
            }
            if (pick == null) {
                failure.append("Dependency is not satisfiable: ").append(group.strip()).append('\n');
            } else if (!deps.contains(pick)) {
                deps.add(pick);
            }
        }
        return failure.isEmpty() ? null : failure.toString();
    }

    private static boolean satisfiedBy(String[] alt, Map<String, Installed> installed) {
        Installed p = installed.get(alt[0]);
        if (p != null && relation(p.version(), alt[1], alt[2])) {
            return true;
        }
        for (Installed i : installed.values()) {
            String provided = i.provides().get(alt[0]);
            if (provided != null && (alt[1] == null || !provided.isEmpty() && relation(provided, alt[1], alt[2]))) {
                return true;
            }
        }
        return false;
    }

    /** Debian's version relations ({@code << <= = >= >>}, and the old {@code < >} meaning {@code <= >=}). */
    static boolean relation(String have, String op, String want) {
        if (op == null) {
            return true;
        }
        int c = DebianVersion.compare(have, want);
        return switch (op) {
            case "<<" -> c < 0;
            case "<=", "<" -> c <= 0;
            case "=" -> c == 0;
            case ">=", ">" -> c >= 0;
            case ">>" -> c > 0;
            default -> false;
        };
    }

    private static Map<String, String> fields(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        String last = null;
        for (String line : text.lines().toList()) {
            Matcher m = FIELD.matcher(line);
            if (m.matches() && !line.startsWith(" ")) {
                last = m.group(1);
                out.put(last, m.group(2).strip());
            } else if (last != null) {
                out.put(last, out.get(last) + " " + line.strip());
            }
        }
        return out;
    }

    private static Map<String, Installed> installed(String text) {
        Map<String, Installed> out = new LinkedHashMap<>();
        for (String line : text == null ? List.<String>of() : text.lines().toList()) {
            String[] f = line.split("\t", -1);
            if (f.length < 4) {
                continue;
            }
            Map<String, String> provides = new LinkedHashMap<>();
            for (String p : f[3].split(",")) {
                Matcher m = ALTERNATIVE.matcher(p.strip());
                if (!p.isBlank() && m.matches()) {
                    provides.put(m.group(1), m.group(3) == null ? "" : m.group(3));
                }
            }
            out.putIfAbsent(f[1], new Installed(f[2], provides));
        }
        return out;
    }

    private static String httpError(String statusLine) {
        String[] parts = statusLine.split(" ", 3);
        return parts.length >= 2 ? "HTTP Error " + parts[1] + ": " + (parts.length > 2 ? parts[2].strip() : "")
                : "Request failed";
    }
}
