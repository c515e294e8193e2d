package io.drover.modules.commands;

import java.nio.charset.StandardCharsets;

/**
 * Shell text built from values: quoting (Python's {@code shlex.quote}, so joined command lines read like Ansible's),
 * words whose only expansions are the ones Ansible's {@code run_command} performs, and Python's repr of bytes for
 * error messages.
 */
public final class ShellText {
    private ShellText() {
    }

    /** Python's shlex.quote: safe ASCII words stay bare, anything else is single-quoted. */
    public static String quote(String s) {
        if (!s.isEmpty() && s.chars().allMatch(ShellText::safe)) {
            return s;
        }
        return "'" + s.replace("'", "'\"'\"'") + "'";
    }

    private static boolean safe(int c) {
        return c < 128 && (Character.isLetterOrDigit(c) || "_@%+=:,./-".indexOf(c) >= 0);
    }

    /**
     * Shell text for one word that the target's shell expands exactly as Ansible expands a command argument or a
     * {@code path} option on the target ({@code os.path.expanduser(os.path.expandvars(word))}): {@code $NAME} and
     * {@code ${NAME}} become the variable's value when it is set and stay as written when it is not; a leading
     * {@code ~} or {@code ~user} becomes the home directory. Nothing else happens: no globbing, no word splitting,
     * no command substitution.
     *
     * <p>Known differences (rare): variables the shell defines itself without exporting them ({@code LINENO},
     * {@code PPID}) are expanded, and {@code ~} produced by a variable's value is not.
     */
    public static String expandingWord(String word) {
        StringBuilder sb = new StringBuilder();
        String rest = word;
        if (word.startsWith("~")) {
            int slash = word.indexOf('/');
            String user = slash < 0 ? word.substring(1) : word.substring(1, slash);
            if (user.isEmpty() || user.matches("[A-Za-z0-9_][A-Za-z0-9._-]*")) {
                // Unquoted up to and including the slash: a quoted character would switch tilde expansion off.
                sb.append('~').append(user);
                if (slash >= 0) {
                    sb.append('/');
                }
                rest = slash < 0 ? "" : word.substring(slash + 1);
                if (rest.isEmpty()) {
                    return sb.toString();
                }
            }
        }
        sb.append('"');
        int i = 0;
        while (i < rest.length()) {
            char c = rest.charAt(i);
            if (c != '$') {
                appendQuoted(sb, c);
                i++;
                continue;
            }
            // Python's pattern is \$(\w+|\{[^}]*\}) with ASCII \w; a name the shell cannot hold stays literal.
            int end = wordRunEnd(rest, i + 1);
            if (end > i + 1) {
                String name = rest.substring(i + 1, end);
                if (shellName(name)) {
                    sb.append("${").append(name).append("-\\$").append(name).append('}');
                } else {
                    sb.append("\\$").append(name);
                }
                i = end;
                continue;
            }
            int close = i + 1 < rest.length() && rest.charAt(i + 1) == '{' ? rest.indexOf('}', i + 2) : -1;
            if (close >= 0) {
                String name = rest.substring(i + 2, close);
                if (shellName(name)) {
                    sb.append("${").append(name).append("-\\${").append(name).append("\\}}");
                } else {
                    sb.append("\\${");
                    name.chars().forEach(ch -> appendQuoted(sb, (char) ch));
                    sb.append('}');
                }
                i = close + 1;
                continue;
            }
            sb.append("\\$");
            i++;
        }
        return sb.append('"').toString();
    }

    private static void appendQuoted(StringBuilder sb, char c) {
        if (c == '"' || c == '\\' || c == '`' || c == '$') {
            sb.append('\\');
        }
        sb.append(c);
    }

    private static int wordRunEnd(String s, int from) {
        int i = from;
        while (i < s.length() && s.charAt(i) < 128 && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
            i++;
        }
        return i;
    }

    private static boolean shellName(String name) {
        return name.matches("[A-Za-z_][A-Za-z0-9_]*");
    }

    /** Python's repr of the UTF-8 bytes of {@code s}, e.g. {@code b'x'}, as OSError messages show file names. */
    static String pyBytesRepr(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder sb = new StringBuilder("b").append(quote);
        for (byte b : bytes) {
            int v = b & 0xff;
            if (v == quote || v == '\\') {
                sb.append('\\').append((char) v);
            } else if (v == '\t') {
                sb.append("\\t");
            } else if (v == '\n') {
                sb.append("\\n");
            } else if (v == '\r') {
                sb.append("\\r");
            } else if (v < 0x20 || v >= 0x7f) {
                sb.append(String.format("\\x%02x", v));
            } else {
                sb.append((char) v);
            }
        }
        return sb.append(quote).toString();
    }
}
