package io.drover.exec;

/** POSIX shell quoting, the one place the engine builds shell text from values. */
public final class ShellQuote {
    private ShellQuote() {
    }

    /** Single-quotes a value so {@code sh} reads it back unchanged. */
    public static String quote(String s) {
        if (!s.isEmpty() && s.chars().allMatch(c -> Character.isLetterOrDigit(c) || "@%+=:,./-_".indexOf(c) >= 0)) {
            return s;
        }
        return "'" + s.replace("'", "'\"'\"'") + "'";
    }
}
