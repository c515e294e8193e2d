package io.drover.connection;

import java.io.Console;

/**
 * Asks a person for a secret (a key passphrase) while connecting. The CLI uses {@link #console()}; tests and
 * embedders pass their own. Never called in BatchMode. Calls are serialised by the factory, and each answer is
 * cached for the run, so fifty hosts sharing one encrypted key ask once.
 */
@FunctionalInterface
public interface PasswordPrompt {

    /**
     * Shows {@code prompt} (e.g. {@code Enter passphrase for key '/home/u/.ssh/id_ed25519': }) and returns the
     * answer, or null when no answer can be had (no terminal, cancelled).
     */
    char[] ask(String prompt);

    /** Never answers: every encrypted key not in the agent fails with a clear message. */
    PasswordPrompt NONE = prompt -> null;

    /** Reads from the controlling terminal without echo; answers null when there is no terminal. */
    static PasswordPrompt console() {
        return prompt -> {
            Console c = System.console();
            return c == null ? null : c.readPassword("%s", prompt);
        };
    }
}
