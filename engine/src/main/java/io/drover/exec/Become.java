package io.drover.exec;

/**
 * Privilege escalation for one task: whether, as whom and how. Wrapping is done here, once, so modules never
 * know about it.
 */
public record Become(boolean enabled, String user, String method, String flags) {

    public static final Become NONE = new Become(false, "root", "sudo", null);

    /** Wraps a shell script so it runs as the become user with a fresh {@code sh}. */
    public String wrap(String script) {
        if (!enabled) {
            return script;
        }
        String target = user == null || user.isBlank() ? "root" : user;
        return switch (method == null ? "sudo" : method) {
            case "su" -> "su " + (flags == null ? "" : flags + " ") + ShellQuote.quote(target) + " -s /bin/sh -c "
                    + ShellQuote.quote(script);
            case "doas" -> "doas " + (flags == null ? "-n " : flags + " ") + "-u " + ShellQuote.quote(target)
                    + " /bin/sh -c " + ShellQuote.quote(script);
            // -n: never prompt; a password prompt would hang the channel. Passwords arrive with become_password support.
            default -> "sudo " + (flags == null ? "-H -S -n" : flags) + " -u " + ShellQuote.quote(target)
                    + " /bin/sh -c " + ShellQuote.quote(script);
        };
    }
}
