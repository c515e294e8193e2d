package io.drover.connection.openssh;

import java.util.ArrayList;
import java.util.List;

/** ssh_args and friends split as ansible-core splits them: shlex, then each word stripped and empty ones dropped. */
final class Shlex {
    private Shlex() {
    }

    static List<String> split(String text) throws SshConfigException {
        if (text == null) {
            return new ArrayList<>();
        }
        List<String> words;
        try {
            words = io.drover.text.Shlex.split(text);
        } catch (IllegalArgumentException e) {
            throw new SshConfigException(e.getMessage() + " in ssh arguments: " + text);
        }
        // ansible-core strips each word and drops empty ones
        List<String> out = new ArrayList<>();
        for (String w : words) {
            if (!w.strip().isEmpty()) {
                out.add(w.strip());
            }
        }
        return out;
    }
}
