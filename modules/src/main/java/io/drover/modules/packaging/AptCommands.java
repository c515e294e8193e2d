package io.drover.modules.packaging;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The apt-get (and aptitude) command lines of Ansible's apt module, spelled exactly as it spells them: its
 * failure messages quote them, blanks for unused flags included. They are run split as Python's shlex splits them
 * ({@link AptScript#runCommand(String, String)}), so the target sees the same words.
 */
final class AptCommands {

    /** apt-get's summary line when nothing changes; its absence means an upgrade or build-dep changed something. */
    static final String APT_GET_ZERO = "\n0 upgraded, 0 newly installed";
    static final String APTITUDE_ZERO = "\n0 packages upgraded, 0 newly installed";

    private static final Pattern DIFF_END = Pattern.compile("[0-9]+ (packages )?upgraded.*", Pattern.DOTALL);

    private AptCommands() {
    }

    /** {@code force-confdef,force-confold} as apt-get options {@code -o "Dpkg::Options::=--force-confdef" ...}. */
    static String dpkgOptions(String compressed) {
        StringBuilder sb = new StringBuilder();
        for (String option : compressed.split(",", -1)) {
            sb.append(" -o \"Dpkg::Options::=--").append(option).append('"');
        }
        return sb.toString().strip();
    }

    /** Flags a command line may carry; an unset flag still leaves its blank. */
    record Flags(String dpkgOptions, boolean force, boolean check, boolean autoremove, boolean failOnAutoremove,
                 boolean onlyUpgrade, boolean fixed, boolean purge, String defaultRelease, Boolean installRecommends,
                 boolean allowUnauthenticated, boolean allowDowngrade, boolean allowChangeHeld) {
    }

    static String install(String aptGet, Flags f, List<String> quotedPackages, boolean buildDep) {
        String packages = String.join(" ", quotedPackages);
        String cmd;
        if (buildDep) {
            cmd = join(aptGet, "-y", f.dpkgOptions(), flag(f.onlyUpgrade(), "--only-upgrade"), flag(f.fixed(), "--fix-broken"),
                    flag(f.force(), "--force-yes"), flag(f.failOnAutoremove(), "--no-remove"),
                    flag(f.check(), "--simulate"), "build-dep", packages);
        } else {
            cmd = join(aptGet, "-y", f.dpkgOptions(), flag(f.onlyUpgrade(), "--only-upgrade"), flag(f.fixed(), "--fix-broken"),
                    flag(f.force(), "--force-yes"), flag(f.autoremove(), "--auto-remove"),
                    flag(f.failOnAutoremove(), "--no-remove"), flag(f.check(), "--simulate"), "install", packages);
        }
        if (f.defaultRelease() != null) {
            cmd += " -t '" + f.defaultRelease() + "'";
        }
        if (Boolean.FALSE.equals(f.installRecommends())) {
            cmd += " -o APT::Install-Recommends=no";
        } else if (Boolean.TRUE.equals(f.installRecommends())) {
            cmd += " -o APT::Install-Recommends=yes";
        }
        if (f.allowUnauthenticated()) {
            cmd += " --allow-unauthenticated";
        }
        if (f.allowDowngrade()) {
            cmd += " --allow-downgrades";
        }
        if (f.allowChangeHeld()) {
            cmd += " --allow-change-held-packages";
        }
        return cmd;
    }

    static String remove(String aptGet, Flags f, List<String> quotedPackages) {
        return join(aptGet, "-q", "-y", f.dpkgOptions(), flag(f.purge(), "--purge"), flag(f.force(), "--force-yes"),
                flag(f.autoremove(), "--auto-remove"), flag(f.check(), "--simulate"), "remove",
                String.join(" ", quotedPackages));
    }

    /** {@code autoclean} or {@code autoremove} without packages. */
    static String cleanup(String aptGet, Flags f, String operation) {
        return join(aptGet, "-y", f.dpkgOptions(), flag(f.purge(), "--purge"), flag(f.force(), "--force-yes"), operation,
                flag(f.check(), "--simulate"));
    }

    /** An upgrade: the tool's path, the sub-command text Ansible's messages name, and the full line. */
    record Upgrade(String tool, String subcommand, String commandLine, boolean aptitude) {
    }

    static Upgrade upgrade(String aptGet, String aptitude, String mode, Flags f, boolean useAptGet) {
        boolean viaAptitude = !useAptGet;
        String tool = viaAptitude ? aptitude : aptGet;
        String autoremove = f.autoremove() ? "--auto-remove" : "";
        String sub;
        if (mode.equals("dist") || mode.equals("full") && useAptGet) {
            sub = "dist-upgrade " + autoremove;
        } else if (mode.equals("full")) {
            sub = "full-upgrade";
        } else {
            sub = useAptGet ? "upgrade --with-new-pkgs " + autoremove : "safe-upgrade";
        }
        String force = !f.force() ? "" : viaAptitude ? "--assume-yes --allow-untrusted" : "--force-yes";
        String cmd = join(tool, "-y", f.dpkgOptions(), force, flag(f.failOnAutoremove(), "--no-remove"),
                flag(f.allowUnauthenticated(), "--allow-unauthenticated"), flag(f.allowDowngrade(), "--allow-downgrades"),
                flag(f.check(), "--simulate"), sub);
        if (f.defaultRelease() != null) {
            cmd += " -t '" + f.defaultRelease() + "'";
        }
        return new Upgrade(tool, sub, cmd, viaAptitude);
    }

    /**
     * The {@code prepared} diff Ansible shows for apt: apt-get's output from after "Reading state information..."
     * through the "N upgraded, ..." summary line.
     */
    static String prepared(String output) {
        List<String> lines = new ArrayList<>(output.lines().toList());
        int start = lines.indexOf("Resolving dependencies...");
        if (start < 0) {
            start = lines.indexOf("Reading state information...");
        }
        int end = lines.size();
        for (int i = 0; i < lines.size(); i++) {
            if (DIFF_END.matcher(lines.get(i)).matches()) {
                end = i;
                break;
            }
        }
        int from = start + 1;
        int to = Math.min(end + 1, lines.size());
        return from >= to ? "" : String.join("\n", lines.subList(from, to));
    }

    private static String flag(boolean on, String text) {
        return on ? text : "";
    }

    private static String join(String... parts) {
        return String.join(" ", parts);
    }
}
