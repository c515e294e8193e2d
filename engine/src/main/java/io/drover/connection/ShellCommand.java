package io.drover.connection;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * POSIX shell quoting and the one command line every connection type runs: {@code /bin/sh -c '<script>'} with the
 * command's environment exported in front. Exporting in the script (rather than through sshd's {@code AcceptEnv} or a
 * process environment) makes the environment behave the same on every connection type and every sshd configuration.
 */
public final class ShellCommand {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private ShellCommand() {
    }

    /** Quotes a word for a POSIX shell; words made of safe characters stay as they are. */
    public static String quote(String word) {
        if (!word.isEmpty() && SAFE.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\"'\"'") + "'";
    }

    /** The script with {@code export K='v';} assignments in front, one per variable, in map order. */
    public static String withEnv(Map<String, String> env, String script) {
        if (env.isEmpty()) {
            return script;
        }
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (!ENV_NAME.matcher(e.getKey()).matches()) {
                throw new IllegalArgumentException("invalid environment variable name: " + e.getKey());
            }
            sb.append("export ").append(e.getKey()).append('=').append(quote(e.getValue())).append("; ");
        }
        return sb.append(script).toString();
    }

    /** The full remote command line for {@code command}: {@code /bin/sh -c '<exports; script>'}. */
    public static String commandLine(Command command) {
        return "/bin/sh -c " + quote(withEnv(command.env(), command.script()));
    }
}
