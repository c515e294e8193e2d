package io.drover.connection.openssh;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** OpenSSH's expansions: {@code ~}, {@code %x} tokens and {@code ${VAR}} environment references. */
final class SshTokens {
    private SshTokens() {
    }

    private static final Pattern ENV = Pattern.compile("\\$\\{([^}]*)}");

    /** {@code ~} and {@code ~/...} become the home directory; other paths are left alone. */
    static Path tilde(String path, Path home) {
        return Path.of(tildeText(path, home));
    }

    static String tildeText(String path, Path home) {
        if (path.equals("~")) {
            return home.toString();
        }
        if (path.startsWith("~/")) {
            return home + path.substring(1);
        }
        return path;
    }

    /** Replaces {@code %x} tokens from {@code values}; {@code %%} is a percent sign; any other token is an error. */
    static String percent(String text, Map<Character, String> values, String origin) throws SshConfigException {
        if (text.indexOf('%') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            if (i + 1 >= text.length()) {
                throw new SshConfigException(origin + ": invalid format (trailing %) in \"" + text + "\"");
            }
            char t = text.charAt(++i);
            if (t == '%') {
                out.append('%');
            } else if (values.containsKey(t)) {
                out.append(values.get(t));
            } else {
                throw new SshConfigException(origin + ": unknown key %" + t + " in \"" + text + "\"");
            }
        }
        return out.toString();
    }

    /** Replaces {@code ${NAME}}; an unset variable is an error, as in ssh. */
    static String env(String text, Map<String, String> env, String origin) throws SshConfigException {
        if (!text.contains("${")) {
            return text;
        }
        Matcher m = ENV.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = env.get(m.group(1));
            if (v == null) {
                throw new SshConfigException(origin + ": env var ${" + m.group(1) + "} has no value");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A duration in OpenSSH's format ({@code 30}, {@code 30s}, {@code 5m}, {@code 1h30m}), in seconds. */
    static long seconds(String value, String origin) throws SshConfigException {
        long total = 0;
        long current = 0;
        boolean digits = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= '0' && c <= '9') {
                current = current * 10 + (c - '0');
                digits = true;
                continue;
            }
            long unit = switch (Character.toLowerCase(c)) {
                case 's' -> 1;
                case 'm' -> 60;
                case 'h' -> 3600;
                case 'd' -> 86400;
                case 'w' -> 604800;
                default -> -1;
            };
            if (!digits || unit < 0) {
                throw new SshConfigException(origin + ": invalid time value \"" + value + "\"");
            }
            total += current * unit;
            current = 0;
            digits = false;
        }
        if (value.isEmpty()) {
            throw new SshConfigException(origin + ": invalid time value \"\"");
        }
        return total + current;
    }

    /** Glob match with {@code *} and {@code ?}, as OpenSSH's match_pattern. */
    static boolean glob(String s, String pattern) {
        int si = 0;
        int pi = 0;
        int star = -1;
        int mark = 0;
        while (si < s.length()) {
            if (pi < pattern.length() && (pattern.charAt(pi) == '?' || pattern.charAt(pi) == s.charAt(si))) {
                si++;
                pi++;
            } else if (pi < pattern.length() && pattern.charAt(pi) == '*') {
                star = pi++;
                mark = si;
            } else if (star >= 0) {
                pi = star + 1;
                si = ++mark;
            } else {
                return false;
            }
        }
        while (pi < pattern.length() && pattern.charAt(pi) == '*') {
            pi++;
        }
        return pi == pattern.length();
    }
}
