package io.drover.modules.packaging;

import io.drover.text.Fnmatch;

/**
 * One entry of apt's {@code name} list, split as Ansible splits it at the first {@code =} or {@code >=}:
 * {@code hello}, {@code hello=2.10*} (installed version must match the glob), {@code hello>=2.9}.
 *
 * @param text    the entry as written (stripped), what apt-get is given for a removal
 * @param name    package name, possibly a glob
 * @param cmp     {@code "="}, {@code ">="} or null
 * @param version version (a glob for {@code =}), or null
 */
public record PackageSpec(String text, String name, String cmp, String version) {

    public static PackageSpec parse(String text) {
        int eq = text.indexOf('=');
        if (eq < 0) {
            return new PackageSpec(text, text, null, null);
        }
        boolean ge = eq > 0 && text.charAt(eq - 1) == '>';
        return new PackageSpec(text, text.substring(0, ge ? eq - 1 : eq), ge ? ">=" : "=", text.substring(eq + 1));
    }

    /** Characters that make the name a pattern over the cache's package names (none is valid in a Debian name). */
    public boolean isPattern() {
        return name.chars().anyMatch(c -> "*?[]!".indexOf(c) >= 0);
    }

    /** Whether {@code candidate} satisfies the version part ({@code =} by glob, {@code >=} by Debian order). */
    public boolean accepts(String candidate) {
        if (cmp == null) {
            return true;
        }
        return cmp.equals("=") ? Fnmatch.matches(candidate, version) : DebianVersion.compare(candidate, version) >= 0;
    }
}
