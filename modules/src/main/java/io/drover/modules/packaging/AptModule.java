package io.drover.modules.packaging;

import io.drover.connection.ConnectionException;
import io.drover.module.ArgSpec;
import io.drover.module.ArgSpec.Type;
import io.drover.module.Args;
import io.drover.module.Module;
import io.drover.module.ModuleContext;
import io.drover.module.ModuleResult;
import io.drover.modules.commands.ShellText;
import io.drover.text.Fnmatch;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code apt}: installs, upgrades and removes Debian packages with dpkg-query, apt-cache and apt-get over the
 * target's shell (no python3-apt needed), with the decisions, command lines, messages and return keys of Ansible's
 * apt module: {@code present} installs what is missing or does not match {@code name=glob}/{@code name>=version},
 * {@code latest} upgrades to the candidate, {@code absent} removes (purges) what is there; the cache refresh
 * ({@code update_cache}, {@code cache_valid_time}) never makes a package task changed on its own; check mode runs
 * apt-get {@code --simulate}; diff mode returns apt-get's summary as the {@code prepared} diff.
 *
 * <p><b>Round trips</b> (after the connection is open): 1 query — clean, the cache refresh with its retries, and
 * the facts of every named package (dpkg status, files, apt policy, providers, auto marks) in one script; an
 * already satisfied {@code present}/{@code latest}/{@code absent}, a cache refresh alone, {@code upgrade},
 * {@code autoremove}/{@code autoclean} without names, and every failure found by the query cost just that. Plus 1
 * apply when apt-get has work (install, removal, or the manual mark Ansible sets after an install, only when a
 * named package is marked auto-installed). Names with wildcards add 1 query (apt-cache pkgnames first); a virtual
 * name with a single provider adds 1 for the provider; a {@code deb} costs 1 query (the download of a URL
 * included) plus 1 install, or plus 1 to delete the download when it is already installed.
 *
 * <p>Known differences: apt-get waits up to {@code lock_timeout} for apt's locks itself
 * ({@code DPkg::Lock::Timeout}); a failed {@code update_cache} reports apt-get's stderr rather than python-apt's
 * exception text; {@code deb} checks dependencies and versions but leaves conflicts to dpkg.
 */
public final class AptModule implements Module {

    private static final String DPKG_OPTIONS = "force-confdef,force-confold";

    @Override
    public String name() {
        return "apt";
    }

    @Override
    public ArgSpec argSpec() {
        // upgrade has no default here (Ansible's is 'no'): its mutually_exclusive looks only at what the task gives.
        return ArgSpec.builder()
                .add(ArgSpec.option("state", Type.STR).withDefault("present")
                        .choices("absent", "build-dep", "fixed", "latest", "present"))
                .add(ArgSpec.option("update_cache", Type.BOOL).aliases("update-cache"))
                .add(ArgSpec.option("update_cache_retries", Type.INT).withDefault(5L))
                .add(ArgSpec.option("update_cache_retry_max_delay", Type.INT).withDefault(12L))
                .add(ArgSpec.option("cache_valid_time", Type.INT).withDefault(0L))
                .add(ArgSpec.option("purge", Type.BOOL).withDefault(false))
                .add(ArgSpec.option("package", Type.LIST).aliases("pkg", "name"))
                .add(ArgSpec.option("deb", Type.PATH))
                .add(ArgSpec.option("default_release", Type.STR).aliases("default-release"))
                .add(ArgSpec.option("install_recommends", Type.BOOL).aliases("install-recommends"))
                .add(ArgSpec.option("force", Type.BOOL).withDefault(false))
                .add(ArgSpec.option("upgrade", Type.STR).choices("dist", "full", "no", "safe", "yes"))
                .add(ArgSpec.option("dpkg_options", Type.STR).withDefault(DPKG_OPTIONS))
                .add(ArgSpec.option("autoremove", Type.BOOL).withDefault(false))
                .add(ArgSpec.option("autoclean", Type.BOOL).withDefault(false))
                .add(ArgSpec.option("fail_on_autoremove", Type.BOOL).withDefault(false))
                .add(ArgSpec.option("policy_rc_d", Type.INT))
                .add(ArgSpec.option("only_upgrade", Type.BOOL).withDefault(false))
                .add(ArgSpec.option("force_apt_get", Type.BOOL).withDefault(false))
                .add(ArgSpec.option("clean", Type.BOOL).withDefault(false))
                .add(ArgSpec.option("allow_unauthenticated", Type.BOOL).withDefault(false).aliases("allow-unauthenticated"))
                .add(ArgSpec.option("allow_downgrade", Type.BOOL).withDefault(false)
                        .aliases("allow-downgrade", "allow_downgrades", "allow-downgrades"))
                .add(ArgSpec.option("allow_change_held_packages", Type.BOOL).withDefault(false))
                .add(ArgSpec.option("lock_timeout", Type.INT).withDefault(60L))
                .mutuallyExclusive("deb", "package", "upgrade")
                // Ansible declares required_one_of autoremove/deb/package/update_cache/upgrade but checks it after
                // setting upgrade's default 'no', so it never fails (autoclean alone is a valid task).
                .build();
    }

    /** The task's arguments in the shape the run needs. */
    record Options(String state, boolean updateCache, long cacheValidTime, long retries, long retryMaxDelay,
                   boolean purge, List<String> packages, boolean allInstalled, String deb, String defaultRelease,
                   Boolean installRecommends, boolean force, String upgrade, String dpkgOptions, boolean autoremove,
                   boolean autoclean, boolean failOnAutoremove, Long policyRcD, boolean onlyUpgrade,
                   boolean forceAptGet, boolean clean, boolean allowUnauthenticated, boolean allowDowngrade,
                   boolean allowChangeHeld, long lockTimeout) {

        static Options of(Args a) {
            List<String> given = a.list("package").stream().map(String::valueOf).toList();
            List<String> packages = given.stream().filter(p -> !p.equals("*")).map(String::strip).toList();
            String upgrade = a.str("upgrade");
            Object recommends = a.raw("install_recommends");
            Object policy = a.raw("policy_rc_d");
            return new Options(a.str("state"), a.bool("update_cache"), a.integer("cache_valid_time", 0),
                    a.integer("update_cache_retries", 5), a.integer("update_cache_retry_max_delay", 12),
                    a.bool("purge"), packages, given.contains("*"), a.str("deb"), a.str("default_release"),
                    recommends == null ? null : (Boolean) recommends, a.bool("force"),
                    upgrade == null || upgrade.equals("no") ? null : upgrade, a.str("dpkg_options"),
                    a.bool("autoremove"), a.bool("autoclean"), a.bool("fail_on_autoremove"),
                    policy == null ? null : ((Number) policy).longValue(), a.bool("only_upgrade"),
                    a.bool("force_apt_get"), a.bool("clean"), a.bool("allow_unauthenticated"),
                    a.bool("allow_downgrade"), a.bool("allow_change_held_packages"), a.integer("lock_timeout", 60));
        }

        boolean refreshesCache() {
            return updateCache || cacheValidTime != 0;
        }

        /** Whether anything follows the cache refresh (Ansible stops after it otherwise). */
        boolean hasWork() {
            return !packages.isEmpty() || allInstalled || upgrade != null || deb != null;
        }

        boolean latestAll() {
            return state.equals("latest") && allInstalled;
        }

        AptCommands.Flags flags(boolean check) {
            return new AptCommands.Flags(AptCommands.dpkgOptions(dpkgOptions), force, check, autoremove,
                    failOnAutoremove, onlyUpgrade, state.equals("fixed"), purge, defaultRelease, installRecommends,
                    allowUnauthenticated, allowDowngrade, allowChangeHeld);
        }

        /** apt-get's own wait for the dpkg and lists locks, Ansible's lock_timeout. */
        List<String> lockOption() {
            return List.of("-o", "DPkg::Lock::Timeout=" + lockTimeout);
        }
    }

    /** Paths of the tools on the target, as Ansible's get_bin_path finds them (empty when missing). */
    record Tools(String aptGet, String aptitude, String aptMark) {
        static Tools parse(String section) {
            String get = "";
            String aptitude = "";
            String mark = "";
            for (String line : section == null ? List.<String>of() : section.lines().toList()) {
                int sp = line.indexOf(' ');
                String key = sp < 0 ? line : line.substring(0, sp);
                String value = sp < 0 ? "" : line.substring(sp + 1).strip();
                switch (key) {
                    case "apt-get" -> get = value;
                    case "aptitude" -> aptitude = value;
                    case "apt-mark" -> mark = value;
                    default -> { }
                }
            }
            return new Tools(get, aptitude, mark);
        }
    }

    /** The cache part of a result: whether the lists were refreshed and their stamp. */
    record Cache(boolean updated, long time) {
        ModuleResult.Builder into(ModuleResult.Builder b) {
            return b.put("cache_updated", updated).put("cache_update_time", time);
        }
    }

    @Override
    public ModuleResult run(ModuleContext ctx) throws ConnectionException {
        Options o = Options.of(ctx.args());
        if (o.deb() != null && !o.state().equals("present")) {
            return ModuleResult.failed("deb only supports state=present");
        }
        if (o.latestAll() && !o.packages().isEmpty()) {
            return ModuleResult.failed("unable to install additional packages when upgrading all installed packages");
        }
        for (String p : o.packages()) {
            if (p.chars().filter(c -> c == '=').count() > 1) {
                return ModuleResult.failed("invalid package spec: " + p);
            }
        }
        List<PackageSpec> specs = o.packages().stream().map(PackageSpec::parse).toList();
        boolean patterns = specs.stream().anyMatch(PackageSpec::isPattern);

        AptScript query = new AptScript();
        query.section("tools").line("for _dvt in apt-get aptitude apt-mark; do echo \"$_dvt $(command -v $_dvt)\"; done");
        if (o.clean()) {
            query.line(AptScript.runCommand("clean", List.of("apt-get", "clean")));
            query.line("if [ \"$_dvr\" != 0 ] || [ -n \"$_dverr\" ]; then exit 0; fi");
        }
        cacheStage(query, o, ctx.checkMode());
        boolean upgradeStage = o.upgrade() != null || o.latestAll();
        if (!(o.refreshesCache() && !o.hasWork())) {
            if (upgradeStage || cleanupStage(o, specs)) {
                appendImmediateCommand(query, o, ctx.checkMode());
            } else if (o.deb() != null) {
                query.line(DebInstall.queryScript(o.deb()));
            } else if (patterns) {
                query.section("pkgnames").line("apt-cache pkgnames 2>/dev/null");
            } else if (!specs.isEmpty()) {
                query.line(AptFacts.script(names(specs), o.defaultRelease()));
            }
        }
        Map<String, String> out = query.sections(ctx.exec(query.text()).stdout());
        if (out.containsKey("policy-failed")) {
            return ModuleResult.failed(PolicyRcD.failure(out));
        }
        Tools tools = Tools.parse(out.get("tools"));
        if (tools.aptGet().isEmpty()) {
            return ModuleResult.failed("python3-apt must be installed and visible from /usr/bin/python3.");
        }
        if (o.clean()) {
            AptScript.Run clean = AptScript.run(out, "clean");
            if (clean == null || clean.rc() != 0) {
                return ModuleResult.builder().failed("apt-get clean failed").put("stdout", clean == null ? "" : clean.out())
                        .put("rc", clean == null ? 1 : clean.rc()).build();
            }
            if (!clean.err().isEmpty()) {
                return ModuleResult.builder().failed("apt-get clean failed: " + clean.err()).put("stdout", clean.out())
                        .put("rc", clean.rc()).build();
            }
            // Ansible would stop here when nothing else is asked, but it tests upgrade before turning its
            // default 'no' into None: clean always goes on like any other task.
        }
        if (out.containsKey("updatefail")) {
            String err = out.get("updatefail").strip();
            return ModuleResult.failed("Failed to update apt cache: " + (err.isEmpty() ? "unknown reason" : err));
        }
        Cache cache = cache(out, ctx.checkMode());
        if (o.refreshesCache() && !o.hasWork()) {
            return cache.into(ModuleResult.builder().changed(cache.updated())).build();
        }
        if (upgradeStage) {
            return upgradeResult(out, o, tools, ctx.diffMode());
        }
        if (o.deb() != null) {
            return DebInstall.run(ctx, out, o, tools);
        }
        if (cleanupStage(o, specs)) {
            return cleanupResult(out, o, ctx.diffMode());
        }
        try {
            if (patterns) {
                specs = expand(specs, out.get("pkgnames"));
            }
            AptFacts facts = specs.isEmpty() ? new AptFacts(Map.of(), Set.of()) : patterns ? facts(ctx, specs, o, List.of())
                    : AptFacts.parse(names(specs), out);
            List<String> providers = missingProviders(facts);
            if (!providers.isEmpty()) {
                facts = facts(ctx, specs, o, providers);
            }
            if (o.state().equals("absent")) {
                return remove(ctx, o, tools, specs, facts);
            }
            return install(ctx, o, tools, specs, facts, cache);
        } catch (AptPlanner.PlanFailure e) {
            ModuleResult.Builder b = ModuleResult.builder().failed(e.getMessage());
            return e.getMessage().startsWith("no available") ? cache.into(b).build() : b.build();
        }
    }

    /** The upgrade or cleanup command, which needs no package facts and so runs in the query's round trip. */
    private static void appendImmediateCommand(AptScript script, Options o, boolean check) {
        AptCommands.Flags flags = o.flags(check);
        if (o.upgrade() != null || o.latestAll()) {
            String mode = o.upgrade() != null ? o.upgrade() : "yes";
            String viaGet = AptCommands.upgrade("apt-get", "aptitude", mode, flags, true).commandLine();
            String viaAptitude = AptCommands.upgrade("apt-get", "aptitude", mode, flags, false).commandLine();
            String useGet = o.forceAptGet() ? "true" : "[ -z \"$(command -v aptitude)\" ]";
            script.line("if " + useGet + "; then")
                    .line("_dvsec upgrade-via-apt-get")
                    .line(PolicyRcD.wrap(o.policyRcD(), runApt("upgrade", viaGet, o)))
                    .line("else")
                    .line("_dvsec upgrade-via-aptitude")
                    .line(PolicyRcD.wrap(o.policyRcD(), runApt("upgrade", viaAptitude, o)))
                    .line("fi");
            return;
        }
        String operation = o.autoclean() ? "autoclean" : "autoremove";
        script.line(PolicyRcD.wrap(o.policyRcD(), runApt("cleanup", AptCommands.cleanup("apt-get", flags, operation), o)));
    }

    /** Without names, autoclean or autoremove is the whole task (autoclean wins, as in Ansible). */
    private static boolean cleanupStage(Options o, List<PackageSpec> specs) {
        return specs.isEmpty() && o.deb() == null && (o.autoclean() || o.autoremove());
    }

    private static void cacheStage(AptScript query, Options o, boolean check) {
        query.line("_dvsec stamp-before").line("_dvstamp");
        if (!o.refreshesCache()) {
            return;
        }
        StringBuilder delays = new StringBuilder();
        double randomize = ThreadLocalRandom.current().nextInt(0, 1001) / 1000.0;
        for (long retry = 0; retry < o.retries(); retry++) {
            double delay = Math.pow(2, retry) + randomize;
            if (delay > o.retryMaxDelay()) {
                delay = o.retryMaxDelay() + randomize;
            }
            delays.append(' ').append(String.format(java.util.Locale.ROOT, "%.3f", delay));
        }
        query.line("if [ $(( $(_dvstamp) + " + o.cacheValidTime() + " )) -le \"$(date +%s)\" ]; then")
                .line("  _dvsec stale");
        if (!check) {
            query.line("  _dvok=")
                    .line("  for _dvd in" + delays + "; do")
                    .line("    if apt-get update -q -o DPkg::Lock::Timeout=" + o.lockTimeout()
                            + " >/dev/null 2>\"$_dvtmp/u\"; then _dvok=1; break; fi")
                    .line("    sleep \"$_dvd\"")
                    .line("  done")
                    .line("  if [ -z \"$_dvok\" ]; then _dvsec updatefail; cat \"$_dvtmp/u\" 2>/dev/null; exit 0; fi");
        }
        query.line("fi").line("_dvsec stamp-after").line("_dvstamp");
    }

    private static Cache cache(Map<String, String> out, boolean check) {
        long before = stamp(out.get("stamp-before"));
        long after = out.containsKey("stamp-after") ? stamp(out.get("stamp-after")) : before;
        boolean stale = out.containsKey("stale");
        return new Cache(stale && (check || before != after), after);
    }

    private static long stamp(String text) {
        try {
            return text == null ? 0 : Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static ModuleResult upgradeResult(Map<String, String> out, Options o, Tools tools, boolean diff) {
        boolean viaAptitude = out.containsKey("upgrade-via-aptitude");
        String mode = o.upgrade() != null ? o.upgrade() : "yes";
        AptCommands.Upgrade cmd = AptCommands.upgrade(tools.aptGet(), tools.aptitude(), mode, o.flags(false), !viaAptitude);
        AptScript.Run run = AptScript.run(out, "upgrade");
        if (run == null) {
            return ModuleResult.failed(PolicyRcD.failure(out));
        }
        if (run.rc() != 0) {
            return ModuleResult.builder().failed("'" + cmd.tool() + " " + cmd.subcommand() + "' failed: " + run.err())
                    .put("stdout", run.out()).put("rc", run.rc()).build();
        }
        String zero = viaAptitude ? AptCommands.APTITUDE_ZERO : AptCommands.APT_GET_ZERO;
        ModuleResult.Builder b = ModuleResult.builder().changed(!run.out().contains(zero)).msg(run.out())
                .put("stdout", run.out()).put("stderr", run.err());
        if (!run.out().contains(zero)) {
            b.put("diff", diffOf(run.out(), diff));
        }
        return b.build();
    }

    private static ModuleResult cleanupResult(Map<String, String> out, Options o, boolean diff) {
        String operation = o.autoclean() ? "autoclean" : "autoremove";
        AptScript.Run run = AptScript.run(out, "cleanup");
        if (run == null) {
            return ModuleResult.failed(PolicyRcD.failure(out));
        }
        if (run.rc() != 0) {
            return ModuleResult.builder().failed("'apt-get " + operation + "' failed: " + run.err())
                    .put("stdout", run.out()).put("stderr", run.err()).put("rc", run.rc()).build();
        }
        String marker = operation.equals("autoremove") ? "The following packages will be REMOVED" : "Del ";
        return ModuleResult.builder().changed(run.out().contains(marker)).put("stdout", run.out())
                .put("stderr", run.err()).put("diff", diffOf(run.out(), diff)).build();
    }

    static Map<String, Object> diffOf(String output, boolean diff) {
        return diff ? Map.of("prepared", AptCommands.prepared(output)) : Map.of();
    }

    private static List<String> names(List<PackageSpec> specs) {
        Set<String> names = new LinkedHashSet<>();
        specs.forEach(s -> names.add(s.name()));
        return List.copyOf(names);
    }

    /** Ansible's expansion of wildcard names over the cache's package names; the version part is dropped. */
    static List<PackageSpec> expand(List<PackageSpec> specs, String pkgnames) throws AptPlanner.PlanFailure {
        List<String> all = pkgnames == null ? List.of() : pkgnames.lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
        List<PackageSpec> out = new ArrayList<>();
        for (PackageSpec spec : specs) {
            if (!spec.isPattern()) {
                out.add(spec);
                continue;
            }
            boolean multiarch = spec.name().contains(":");
            List<String> matches = all.stream().filter(n -> multiarch || !n.contains(":"))
                    .filter(n -> Fnmatch.matches(n, spec.name())).toList();
            if (matches.isEmpty()) {
                throw new AptPlanner.PlanFailure("No package(s) matching '" + spec.name() + "' available");
            }
            matches.forEach(m -> out.add(PackageSpec.parse(m)));
        }
        return out;
    }

    private static AptFacts facts(ModuleContext ctx, List<PackageSpec> specs, Options o, List<String> extra)
            throws ConnectionException {
        List<String> names = new ArrayList<>(names(specs));
        extra.stream().filter(n -> !names.contains(n)).forEach(names::add);
        AptScript s = new AptScript();
        s.line(AptFacts.script(names, o.defaultRelease()));
        return AptFacts.parse(names, s.sections(ctx.exec(s.text()).stdout()));
    }

    /** The single provider of a virtual name, when the query did not cover it yet. */
    private static List<String> missingProviders(AptFacts facts) {
        List<String> missing = new ArrayList<>();
        for (AptFacts.Package p : facts.packages().values()) {
            if (!p.isReal() && p.providers().size() == 1 && !facts.packages().containsKey(p.providers().get(0))) {
                missing.add(p.providers().get(0));
            }
        }
        return missing;
    }

    private static ModuleResult install(ModuleContext ctx, Options o, Tools tools, List<PackageSpec> specs,
                                        AptFacts facts, Cache cache) throws ConnectionException, AptPlanner.PlanFailure {
        boolean buildDep = o.state().equals("build-dep");
        AptPlanner.Install plan = AptPlanner.install(specs, facts, o.state().equals("latest"), o.onlyUpgrade(), buildDep);
        boolean mark = !buildDep && !ctx.checkMode() && !plan.names().isEmpty();
        boolean markNeeded = mark && plan.names().stream().anyMatch(n -> facts.auto().contains(n)
                || facts.packages().get(n) == null || !facts.packages().get(n).isInstalled());
        if (plan.packages().isEmpty() && !markNeeded) {
            return cache.into(ModuleResult.builder().changed(false)).build();
        }
        String cmd = plan.packages().isEmpty() ? null
                : AptCommands.install(tools.aptGet(), o.flags(ctx.checkMode()), quoted(plan.packages()), buildDep);
        String markCmd = tools.aptMark() + " manual " + String.join(" ", plan.names());
        AptScript apply = new AptScript();
        if (cmd != null) {
            apply.line(PolicyRcD.wrap(o.policyRcD(), runApt("apt", cmd, o)));
        }
        if (mark) {
            apply.line(AptScript.runCommand("mark", markCmd));
        }
        Map<String, String> out = apply.sections(ctx.exec(apply.text()).stdout());
        AptScript.Run run = cmd == null ? null : AptScript.run(out, "apt");
        if (cmd != null && run == null || out.containsKey("policy-failed")) {
            return ModuleResult.failed(PolicyRcD.failure(out));
        }
        AptScript.Run marked = AptScript.run(out, "mark");
        if (marked != null && marked.rc() != 0) {
            return ModuleResult.builder().failed("'" + markCmd + "' failed: " + marked.err()).put("stdout", marked.out())
                    .put("stderr", marked.err()).put("rc", marked.rc()).build();
        }
        if (run == null) {
            return cache.into(ModuleResult.builder().changed(false)).build();
        }
        ModuleResult.Builder b = ModuleResult.builder();
        if (run.rc() != 0) {
            b.failed("'" + cmd + "' failed: " + run.err()).put("stdout", run.out()).put("stderr", run.err())
                    .put("rc", run.rc());
        } else {
            boolean changed = !buildDep || !run.out().contains(AptCommands.APT_GET_ZERO);
            b.changed(changed).put("stdout", run.out()).put("stderr", run.err())
                    .put("diff", diffOf(run.out(), ctx.diffMode()));
        }
        return cache.into(b).build();
    }

    private static ModuleResult remove(ModuleContext ctx, Options o, Tools tools, List<PackageSpec> specs, AptFacts facts)
            throws ConnectionException, AptPlanner.PlanFailure {
        List<String> packages = AptPlanner.remove(specs, facts, o.purge());
        if (packages.isEmpty()) {
            return ModuleResult.ok(false);
        }
        String cmd = AptCommands.remove(tools.aptGet(), o.flags(ctx.checkMode()), quoted(packages));
        AptScript apply = new AptScript();
        apply.line(PolicyRcD.wrap(o.policyRcD(), runApt("apt", cmd, o)));
        Map<String, String> out = apply.sections(ctx.exec(apply.text()).stdout());
        AptScript.Run run = AptScript.run(out, "apt");
        if (run == null || out.containsKey("policy-failed")) {
            return ModuleResult.failed(PolicyRcD.failure(out));
        }
        if (run.rc() != 0) {
            return ModuleResult.builder().failed("'apt-get remove " + String.join(" ", quoted(packages)) + "' failed: "
                    + run.err()).put("stdout", run.out()).put("stderr", run.err()).put("rc", run.rc()).build();
        }
        return ModuleResult.builder().changed(true).put("stdout", run.out()).put("stderr", run.err())
                .put("diff", diffOf(run.out(), ctx.diffMode())).build();
    }

    /** An apt-get command line as Ansible spells it, run with the lock wait added after the program. */
    static String runApt(String name, String commandLine, Options o) {
        List<String> words = new ArrayList<>(io.drover.text.Shlex.split(commandLine));
        words.addAll(1, o.lockOption());
        return AptScript.runCommand(name, words);
    }

    private static List<String> quoted(List<String> packages) {
        return packages.stream().map(p -> "'" + p + "'").toList();
    }
}
