package io.drover.connection.openssh;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An {@code ssh} command line read the way OpenSSH 9 reads it: flags and {@code -o} options in order (the first
 * value obtained for an option wins, flags included), the destination ({@code [user@]host} or
 * {@code ssh://[user@]host[:port]}) whose user and port count where they stand, and {@code -F}.
 *
 * @param options     options in command-line order, flags translated to their ssh_config keywords
 * @param configFile  the last {@code -F} file ({@code none} for no file), or null for the default files
 * @param compression {@code -C} was given (it wins over any Compression option)
 * @param destination the host part of the destination, or null if there was none
 * @param warnings    what ssh would complain about or Drover ignores, one message each
 */
public record OpenSshArgs(List<SshOption> options, String configFile, boolean compression, String destination,
                          List<String> warnings) {

    private static final String ORIGIN = "command-line";
    /** OpenSSH 9's flags that take an argument. */
    private static final String WITH_ARGUMENT = "bcDeEFiIJlLmoOpPQRSwWB";
    /** Flags with no effect on how Drover connects: verbosity, tty allocation, stdin redirection. */
    private static final String HARMLESS = "vqtTn12";

    public OpenSshArgs {
        options = List.copyOf(options);
        warnings = List.copyOf(warnings);
    }

    /**
     * Reads {@code args}. {@code home} expands {@code ~} in {@code -i} files, which ssh drops (with a warning) when
     * they do not exist; unknown or unsupported flags are named in {@link #warnings()}.
     */
    public static OpenSshArgs parse(List<String> args, Path home) throws SshConfigException {
        List<SshOption> options = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        String config = null;
        boolean compression = false;
        String destination = null;
        boolean jump = false;
        int i = 0;
        while (i < args.size()) {
            String arg = args.get(i++);
            if (!arg.startsWith("-") || arg.length() == 1) {
                if (destination != null) {
                    // ssh would run the rest as the remote command; Ansible never puts one here
                    warnings.add("ssh arguments after the host are a remote command, ignored: "
                            + String.join(" ", args.subList(i - 1, args.size())));
                    break;
                }
                destination = destination(arg, options);
                continue;
            }
            if (arg.equals("--")) {
                continue;
            }
            for (int c = 1; c < arg.length(); c++) {
                char flag = arg.charAt(c);
                String value = null;
                if (WITH_ARGUMENT.indexOf(flag) >= 0) {
                    if (c + 1 < arg.length()) {
                        value = arg.substring(c + 1);
                    } else if (i < args.size()) {
                        value = args.get(i++);
                    } else {
                        throw new SshConfigException("ssh: option requires an argument -- " + flag);
                    }
                    c = arg.length();
                }
                switch (flag) {
                    case 'o' -> options.add(optionLine(value));
                    case 'F' -> config = value;
                    case 'C' -> compression = true;
                    case 'i' -> {
                        Path p = SshTokens.tilde(value, home);
                        if (Files.exists(p)) {
                            options.add(literal("identityfile", value));
                        } else {
                            warnings.add("Warning: Identity file " + value + " not accessible: No such file or directory.");
                        }
                    }
                    case 'p' -> options.add(literal("port", value));
                    case 'l' -> options.add(literal("user", value));
                    case 'J' -> {
                        if (jump) {
                            throw new SshConfigException("ssh: Only a single -J option is permitted");
                        }
                        jump = true;
                        options.add(literal("proxyjump", value));
                    }
                    case '4' -> options.add(literal("addressfamily", "inet"));
                    case '6' -> options.add(literal("addressfamily", "inet6"));
                    case 'A' -> options.add(literal("forwardagent", "yes"));
                    case 'a' -> options.add(literal("forwardagent", "no"));
                    case 'X' -> options.add(literal("forwardx11", "yes"));
                    case 'x' -> options.add(literal("forwardx11", "no"));
                    case 'Y' -> options.add(literal("forwardx11trusted", "yes"));
                    case 'K' -> options.add(literal("gssapiauthentication", "yes"));
                    case 'k' -> options.add(literal("gssapidelegatecredentials", "no"));
                    case 'c' -> options.add(literal("ciphers", value));
                    case 'm' -> options.add(literal("macs", value));
                    case 'b' -> options.add(literal("bindaddress", value));
                    case 'B' -> options.add(literal("bindinterface", value));
                    case 'e' -> options.add(literal("escapechar", value));
                    case 'I' -> options.add(literal("pkcs11provider", value));
                    case 'L' -> options.add(literal("localforward", value));
                    case 'R' -> options.add(literal("remoteforward", value));
                    case 'D' -> options.add(literal("dynamicforward", value));
                    case 'S' -> options.add(literal("controlpath", value));
                    case 'M' -> options.add(literal("controlmaster", "yes"));
                    case 'E' -> { } // log file: Drover has its own output
                    default -> {
                        if (HARMLESS.indexOf(flag) < 0) {
                            warnings.add("ssh flag -" + flag + (value == null ? "" : " " + value)
                                    + " is not supported by Drover and is ignored");
                        }
                    }
                }
            }
        }
        return new OpenSshArgs(options, config, compression, destination, warnings);
    }

    private static final Set<String> NOT_ON_COMMAND_LINE = Set.of("host", "match", "include");

    private static SshOption optionLine(String line) throws SshConfigException {
        ConfigWords.KeywordLine kl = ConfigWords.keywordLine(line);
        if (kl == null || kl.rest().isEmpty()) {
            throw new SshConfigException("command-line line 0: no argument after keyword \"" + line.strip() + "\"");
        }
        if (NOT_ON_COMMAND_LINE.contains(kl.keyword().toLowerCase(java.util.Locale.ROOT))) {
            throw new SshConfigException("command-line line 0: Directive '" + kl.keyword()
                    + "' is not allowed within a Match block");
        }
        return new SshOption(kl.keyword(), kl.rest(), ORIGIN);
    }

    /** A flag's value is taken as is, so it is quoted for the later word splitting. */
    private static SshOption literal(String keyword, String value) {
        return new SshOption(keyword, quote(value), ORIGIN);
    }

    static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Splits {@code [user@]host} or {@code ssh://[user@]host[:port]}; the user and port become options here. */
    private static String destination(String arg, List<SshOption> options) throws SshConfigException {
        String rest = arg;
        String port = null;
        boolean uri = rest.regionMatches(true, 0, "ssh://", 0, 6);
        if (uri) {
            rest = rest.substring(6);
            if (rest.endsWith("/")) {
                rest = rest.substring(0, rest.length() - 1);
            }
        }
        String user = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            user = rest.substring(0, at);
            rest = rest.substring(at + 1);
        }
        if (uri) {
            if (rest.startsWith("[")) {
                int close = rest.indexOf(']');
                if (close > 0) {
                    String after = rest.substring(close + 1);
                    port = after.startsWith(":") ? after.substring(1) : null;
                    rest = rest.substring(1, close);
                }
            } else {
                int colon = rest.lastIndexOf(':');
                if (colon >= 0) {
                    port = rest.substring(colon + 1);
                    rest = rest.substring(0, colon);
                }
            }
        }
        if (rest.isEmpty()) {
            throw new SshConfigException("ssh: Invalid destination: " + arg);
        }
        if (user != null) {
            options.add(literal("user", user));
        }
        if (port != null) {
            options.add(literal("port", port));
        }
        return rest;
    }
}
