package io.drover.modules.commands;

/** Builds POSIX shell text from values: plain quoting, glob patterns, and words with Python-style var expansion. */
final class ShellText {
    private ShellText() {
    }

    static String quote(String s) {
        if (!s.isEmpty() && s.chars().allMatch(c -> Character.isLetterOrDigit(c) || "@%+=:,./-_".indexOf(c) >= 0)) {
            return s;
        }
        return "'" + s.replace("'", "'\"'\"'") + "'";
    }

    /** A path pattern whose {@code * ? [ ]} stay active for globbing and everything else is literal. */
    static String glob(String pattern) {
        StringBuilder sb = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if ("*?[]".indexOf(c) >= 0) {
                if (!literal.isEmpty()) {
                    sb.append(quote(literal.toString()));
                    literal.setLength(0);
                }
                sb.append(c);
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            sb.append(quote(literal.toString()));
        }
        return sb.toString();
    }

    /**
     * One argument of the command module, expanded the way Ansible's run_command does (os.path.expanduser and
     * os.path.expandvars on the target): {@code ~} and {@code ~user} at the start, {@code $NAME} and
     * {@code ${NAME}} where set (unset names stay as written), and nothing else — no globbing, no word
     * splitting, no command substitution.
     */
    static String expandingWord(String word) {
        StringBuilder sb = new StringBuilder();
        String rest = word;
        if (word.startsWith("~")) {
            int slash = word.indexOf('/');
            String user = slash < 0 ? word.substring(1) : word.substring(1, slash);
            if (user.chars().allMatch(c -> Character.isLetterOrDigit(c) || "._-".indexOf(c) >= 0)) {
                sb.append('~').append(user);
                rest = slash < 0 ? "" : word.substring(slash);
            }
        }
        sb.append('"');
        int i = 0;
        while (i < rest.length()) {
            char c = rest.charAt(i);
            if (c == '$') {
                int end = nameEnd(rest, i + 1);
                if (end > i + 1) {
                    String name = rest.substring(i + 1, end);
                    sb.append("${").append(name).append("-\\$").append(name).append('}');
                    i = end;
                    continue;
                }
                if (i + 1 < rest.length() && rest.charAt(i + 1) == '{') {
                    int close = rest.indexOf('}', i + 2);
                    if (close > i + 2 && nameEnd(rest, i + 2) == close) {
                        String name = rest.substring(i + 2, close);
                        sb.append("${").append(name).append("-\\${").append(name).append("\\}}");
                        i = close + 1;
                        continue;
                    }
                }
                sb.append("\\$");
            } else if (c == '"' || c == '\\' || c == '`') {
                sb.append('\\').append(c);
            } else {
                sb.append(c);
            }
            i++;
        }
        return sb.append('"').toString();
    }

    private static int nameEnd(String s, int from) {
        int i = from;
        if (i < s.length() && (Character.isLetter(s.charAt(i)) || s.charAt(i) == '_')) {
            i++;
            while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                i++;
            }
        }
        return i;
    }
}
