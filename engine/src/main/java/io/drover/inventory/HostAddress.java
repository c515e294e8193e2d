package io.drover.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Host expressions as inventories write them: an optional {@code :port} suffix and {@code [a:b(:step)]} ranges
 * ({@code web[01:03].example.com}, {@code db-[a:c]}, {@code node[1:10:3]}), expanded the way Ansible does it.
 */
final class HostAddress {

    private HostAddress() {
    }

    /** The host names an expression stands for, and the port it named (or null). */
    record Expansion(List<String> names, Integer port) {
    }

    /** Thrown for a malformed range; the message is Ansible's. */
    static final class RangeException extends Exception {
        RangeException(String message) {
            super(message, null, false, false);
        }
    }

    private static final String NUMERIC_RANGE = "\\[(?:[0-9]+:[0-9]+)(?::[0-9]+)?\\]";
    private static final String HEX_RANGE = "\\[(?:[0-9a-f]+:[0-9a-f]+)(?::[0-9]+)?\\]";
    private static final String ALNUM_RANGE = "\\[(?:[a-z]:[a-z]|[0-9]+:[0-9]+)(?::[0-9]+)?\\]";
    private static final String IPV6_PART = "(?:[0-9a-f]{1,4}|" + HEX_RANGE + ")";
    private static final String IPV4_PART = "(?:[01]?[0-9]{1,2}|2[0-4][0-9]|25[0-5]|" + NUMERIC_RANGE + ")";
    private static final String LABEL = "(?:[\\w]|" + ALNUM_RANGE + ")(?:[\\w_-]|" + ALNUM_RANGE + ")*(?<![_-])";

    private static final Pattern BRACKETED_HOSTPORT = Pattern.compile("^\\[(.+)\\]:([0-9]+)$");
    private static final Pattern HOSTPORT = Pattern.compile("^((?:[^:\\[\\]]|\\[[^\\]]*\\])*):([0-9]+)$");
    static final Pattern IPV4 = Pattern.compile("^(?:" + IPV4_PART + "\\.){3}" + IPV4_PART + "$",
            Pattern.CASE_INSENSITIVE);
    static final Pattern IPV6 = Pattern.compile(("^(?:"
            + "(?:{0}:){7}{0}|(?:{0}:){1,6}:|(?:{0}:)(?::{0}){1,6}|(?:{0}:){2}(?::{0}){1,5}|"
            + "(?:{0}:){3}(?::{0}){1,4}|(?:{0}:){4}(?::{0}){1,3}|(?:{0}:){5}(?::{0}){1,2}|(?:{0}:){6}(?::{0})|"
            + ":(?::{0}){1,6}|{0}?::|(?:0:){6}(?:{0}\\.){3}{0}|::(?:ffff:)?(?:{0}\\.){3}{0}|"
            + "(?:0:){5}ffff:(?:{0}\\.){3}{0})$").replace("{0}", IPV6_PART), Pattern.CASE_INSENSITIVE);
    private static final Pattern HOSTNAME = Pattern.compile("^" + LABEL + "(?:\\." + LABEL + ")*$",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CHARACTER_CLASS);

    /**
     * Splits off a port and checks the rest looks like an address; null when it does not (Ansible then keeps the
     * whole text as the host name).
     */
    static Expansion parseAddress(String address, boolean allowRanges) {
        Integer port = null;
        for (Pattern p : List.of(BRACKETED_HOSTPORT, HOSTPORT)) {
            Matcher m = p.matcher(address);
            if (m.matches()) {
                address = m.group(1);
                try {
                    port = Integer.parseInt(m.group(2));
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        boolean valid = IPV4.matcher(address).matches() || IPV6.matcher(address).matches()
                || HOSTNAME.matcher(address).matches();
        if (!valid || (!allowRanges && address.contains("["))) {
            return null;
        }
        return new Expansion(List.of(address), port);
    }

    /** An inventory host key or INI host word: port split off, ranges expanded. */
    static Expansion expand(String hostPattern) throws RangeException {
        Expansion parsed = parseAddress(hostPattern, true);
        String pattern = parsed == null ? hostPattern : parsed.names().get(0);
        Integer port = parsed == null ? null : parsed.port();
        if (!pattern.contains("[")) {
            return new Expansion(List.of(pattern), port);
        }
        List<String> out = new ArrayList<>();
        expandRanges(pattern, out);
        return new Expansion(List.copyOf(out), port);
    }

    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private static void expandRanges(String line, List<String> out) throws RangeException {
        int open = line.indexOf('[');
        int close = line.indexOf(']');
        if (close < 0 || close < open) {
            throw new RangeException("host range must be begin:end or begin:end:step");
        }
        String head = line.substring(0, open);
        String range = line.substring(open + 1, close);
        String tail = line.substring(close + 1);
        String[] bounds = range.split(":", -1);
        if (bounds.length != 2 && bounds.length != 3) {
            throw new RangeException("host range must be begin:end or begin:end:step");
        }
        String beg = bounds[0].isEmpty() ? "0" : bounds[0];
        String end = bounds[1];
        if (end.isEmpty()) {
            throw new RangeException("host range must specify end value");
        }
        int step;
        try {
            step = bounds.length == 3 ? Integer.parseInt(bounds[2].strip()) : 1;
        } catch (NumberFormatException e) {
            throw new RangeException("invalid literal for int() with base 10: '" + bounds[2] + "'");
        }
        if (step <= 0) {
            throw new RangeException("range() arg 3 must not be zero");
        }
        int width = 0;
        if (beg.charAt(0) == '0' && beg.length() > 1) {
            width = beg.length();
            if (width != end.length()) {
                throw new RangeException("host range must specify equal-length begin and end formats");
            }
        }
        List<String> seq = new ArrayList<>();
        int iBeg = LETTERS.indexOf(beg);
        int iEnd = LETTERS.indexOf(end);
        if (iBeg >= 0 && iEnd >= 0) {
            if (iBeg > iEnd) {
                throw new RangeException("host range must have begin <= end");
            }
            for (int i = iBeg; i <= iEnd; i += step) {
                seq.add(String.valueOf(LETTERS.charAt(i)));
            }
        } else {
            long from;
            long to;
            try {
                from = Long.parseLong(beg.strip());
                to = Long.parseLong(end.strip());
            } catch (NumberFormatException e) {
                throw new RangeException("invalid literal for int() with base 10: '" + (iBeg < 0 ? beg : end) + "'");
            }
            for (long i = from; i <= to; i += step) {
                String s = Long.toString(i);
                seq.add(s.length() < width ? "0".repeat(width - s.length()) + s : s);
            }
        }
        for (String item : seq) {
            String name = head + item + tail;
            if (name.contains("[")) {
                expandRanges(name, out);
            } else {
                out.add(name);
            }
        }
    }
}
