package io.drover.cli;

import java.util.Map;

/** Whether to colour output: only on a terminal, and never when ANSIBLE_NOCOLOR/NO_COLOR is set. */
final class Terminal {
    private Terminal() {
    }

    static boolean colour(Map<String, String> env) {
        if (env.containsKey("ANSIBLE_FORCE_COLOR")) {
            return true;
        }
        if (env.containsKey("ANSIBLE_NOCOLOR") || env.containsKey("NO_COLOR")) {
            return false;
        }
        return System.console() != null;
    }
}
