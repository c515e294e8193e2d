package io.drover.connection;

import java.util.Map;

/**
 * A shell command for the target.
 *
 * @param script shell text for {@code /bin/sh -c}
 * @param stdin  bytes fed to the command's standard input, or null for none
 * @param env    extra environment variables (already templated strings)
 */
public record Command(String script, byte[] stdin, Map<String, String> env) {
    public Command {
        env = env == null ? Map.of() : Map.copyOf(env);
    }

    public static Command of(String script) {
        return new Command(script, null, Map.of());
    }
}
