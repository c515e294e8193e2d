package io.drover.modules.packaging;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides from {@link AptFacts} which packages apt-get must be given, with the rules of Ansible's apt module:
 * {@code present} installs what is missing or does not match the version spec and never upgrades, {@code latest}
 * also upgrades to the candidate, {@code only_upgrade} skips what is not installed, {@code absent} removes what is
 * installed (matching the spec) or, with purge, anything dpkg still has files for.
 */
final class AptPlanner {

    private AptPlanner() {
    }

    /** Thrown with the message Ansible's apt module fails with. */
    static final class PlanFailure extends Exception {
        PlanFailure(String message) {
            super(message);
        }
    }

    /**
     * A package's state against a spec. {@code installable} is the version apt-get should get, {@link #ANY} when
     * apt must choose (a virtual package), or null.
     */
    record Status(boolean installed, boolean versionInstalled, String installable, boolean hasFiles) {
    }

    /** {@code installable} of a virtual package apt resolves itself. */
    static final String ANY = "\u0000any";

    /** What {@code present/latest/fixed} asks apt-get for. */
    record Install(List<String> packages, List<String> names) {
    }

    static Install install(List<PackageSpec> specs, AptFacts facts, boolean upgrade, boolean onlyUpgrade, boolean buildDep)
            throws PlanFailure {
        List<String> packages = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (PackageSpec spec : specs) {
            if (buildDep) {
                packages.add(spec.text());
                continue;
            }
            names.add(spec.name());
            Status st = status(spec, spec.name(), facts, true);
            if (!st.installed() && onlyUpgrade) {
                continue;
            }
            if (!st.versionInstalled() && st.installable() == null) {
                throw new PlanFailure("no available installation candidate for " + spec.text());
            }
            if (st.installable() != null && ((!st.installed() && !onlyUpgrade) || upgrade || !st.versionInstalled())) {
                if (!st.installable().equals(ANY)) {
                    packages.add(spec.name() + "=" + st.installable());
                } else if (spec.version() != null) {
                    packages.add(spec.name() + "=" + spec.version());
                } else {
                    packages.add(spec.name());
                }
            } else if (st.versionInstalled() && st.installable() != null && "=".equals(spec.cmp())) {
                // Installed and matching, yet a newer version matches the glob too: Ansible asks apt for the glob.
                packages.add(spec.name() + "=" + spec.version());
            }
        }
        return new Install(packages, names);
    }

    /** The specs (as written) {@code absent} hands to apt-get remove. */
    static List<String> remove(List<PackageSpec> specs, AptFacts facts, boolean purge) throws PlanFailure {
        List<String> packages = new ArrayList<>();
        for (PackageSpec spec : specs) {
            Status st = status(spec, spec.name(), facts, false);
            if (st.versionInstalled() || (st.hasFiles() && purge)) {
                packages.add(spec.text());
            }
        }
        return packages;
    }

    /** Status of {@code name} against the spec's version; {@code forInstall} lets a virtual name resolve. */
    static Status status(PackageSpec spec, String name, AptFacts facts, boolean forInstall) throws PlanFailure {
        AptFacts.Package p = facts.packages().get(name);
        if (p == null || !p.isReal()) {
            if (!forInstall) {
                return new Status(false, false, null, false);
            }
            List<String> providers = p == null ? List.of() : p.providers();
            if (providers.isEmpty()) {
                throw new PlanFailure("No package matching '" + name + "' is available");
            }
            if (providers.size() == 1 && facts.packages().containsKey(providers.get(0))) {
                Status provider = status(spec, providers.get(0), facts, true);
                if (provider.installed()) {
                    return provider;
                }
            }
            return new Status(false, false, ANY, false);
        }
        String best = bestVersion(spec, p);
        if (!p.isInstalled()) {
            return new Status(false, false, best, p.hasFiles());
        }
        String installed = p.installed();
        boolean matches = spec.accepts(installed);
        String installable = best != null && !installed.equals(best) && spec.accepts(best) ? best : null;
        return new Status(true, matches, installable, p.hasFiles());
    }

    /**
     * The version apt would pick: for {@code name=glob} the newest available version matching the glob (Ansible
     * pins the glob above every other priority), else the candidate.
     */
    static String bestVersion(PackageSpec spec, AptFacts.Package p) {
        if (!"=".equals(spec.cmp())) {
            return p.candidate();
        }
        String best = null;
        for (String v : p.versions()) {
            if (spec.accepts(v) && (best == null || DebianVersion.compare(v, best) > 0)) {
                best = v;
            }
        }
        return best;
    }
}
