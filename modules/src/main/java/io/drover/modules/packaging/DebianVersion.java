package io.drover.modules.packaging;

/**
 * Debian version ordering ({@code [epoch:]upstream[-revision]}) as dpkg defines it in deb-version(7): epochs
 * compare as numbers; upstream and revision compare as alternating non-digit and digit runs, where {@code ~} sorts
 * before anything (even the end of the string), letters before other characters, and digit runs as numbers.
 */
public final class DebianVersion {
    private DebianVersion() {
    }

    /** Negative, zero or positive as {@code a} is older than, equal to or newer than {@code b}. */
    public static int compare(String a, String b) {
        Parts pa = Parts.of(a);
        Parts pb = Parts.of(b);
        int c = Long.compare(pa.epoch, pb.epoch);
        if (c != 0) {
            return c;
        }
        c = compareRuns(pa.upstream, pb.upstream);
        return c != 0 ? c : compareRuns(pa.revision, pb.revision);
    }

    private record Parts(long epoch, String upstream, String revision) {
        static Parts of(String v) {
            String s = v.strip();
            long epoch = 0;
            int colon = s.indexOf(':');
            if (colon > 0 && s.substring(0, colon).chars().allMatch(Character::isDigit)) {
                epoch = Long.parseLong(s.substring(0, colon));
                s = s.substring(colon + 1);
            }
            int dash = s.lastIndexOf('-');
            return dash >= 0 ? new Parts(epoch, s.substring(0, dash), s.substring(dash + 1)) : new Parts(epoch, s, "");
        }
    }

    private static int order(char c) {
        if (Character.isDigit(c)) {
            return 0;
        }
        if (Character.isLetter(c)) {
            return c;
        }
        if (c == '~') {
            return -1;
        }
        return c + 256;
    }

    private static int compareRuns(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() || j < b.length()) {
            int firstDiff = 0;
            while ((i < a.length() && !Character.isDigit(a.charAt(i))) || (j < b.length() && !Character.isDigit(b.charAt(j)))) {
                int ac = i < a.length() ? order(a.charAt(i)) : 0;
                int bc = j < b.length() ? order(b.charAt(j)) : 0;
                if (ac != bc) {
                    return ac - bc;
                }
                i++;
                j++;
            }
            while (i < a.length() && a.charAt(i) == '0') {
                i++;
            }
            while (j < b.length() && b.charAt(j) == '0') {
                j++;
            }
            while (i < a.length() && Character.isDigit(a.charAt(i)) && j < b.length() && Character.isDigit(b.charAt(j))) {
                if (firstDiff == 0) {
                    firstDiff = a.charAt(i) - b.charAt(j);
                }
                i++;
                j++;
            }
            if (i < a.length() && Character.isDigit(a.charAt(i))) {
                return 1;
            }
            if (j < b.length() && Character.isDigit(b.charAt(j))) {
                return -1;
            }
            if (firstDiff != 0) {
                return firstDiff;
            }
        }
        return 0;
    }
}
