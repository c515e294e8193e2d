package io.drover.exec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The OpenSSH {@code -o}/{@code -i} options from ssh_args, ansible_ssh_common_args and ansible_ssh_extra_args that
 * decide how Drover connects. Other options are ignored here (ssh_config support arrives with issue 11).
 */
record SshOptions(List<Path> knownHosts, Boolean strictHostKeyChecking, List<Path> identityFiles) {

    static SshOptions parse(String args) {
        List<Path> known = new ArrayList<>();
        List<Path> ids = new ArrayList<>();
        Boolean strict = null;
        List<String> words = ShellWords.split(args);
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            String option = null;
            if (w.equals("-o") && i + 1 < words.size()) {
                option = words.get(++i);
            } else if (w.startsWith("-o") && w.length() > 2) {
                option = w.substring(2);
            } else if (w.equals("-i") && i + 1 < words.size()) {
                ids.add(HostConnections.expandHome(words.get(++i)));
            }
            if (option == null) {
                continue;
            }
            int eq = option.indexOf('=');
            String[] kv = eq >= 0 ? new String[]{option.substring(0, eq), option.substring(eq + 1)}
                    : option.split("\\s+", 2);
            if (kv.length < 2) {
                continue;
            }
            String key = kv[0].strip().toLowerCase(Locale.ROOT);
            String value = kv[1].strip();
            switch (key) {
                case "userknownhostsfile" -> {
                    for (String f : value.split("\\s+")) {
                        known.add(HostConnections.expandHome(f));
                    }
                }
                case "stricthostkeychecking" -> strict = !(value.equalsIgnoreCase("no") || value.equalsIgnoreCase("off"));
                case "identityfile" -> ids.add(HostConnections.expandHome(value));
                default -> {
                }
            }
        }
        return new SshOptions(List.copyOf(known), strict, List.copyOf(ids));
    }
}
