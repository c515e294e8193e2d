package io.drover.connection.openssh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One ssh_config file, parsed into its lines: {@code Host} and {@code Match} lines that open blocks, {@code Include}
 * lines, and options. Keywords are case-insensitive and separated from their values by blanks or {@code =}. Which
 * lines apply to a host is decided later, by {@link SshSpecResolver}, since it depends on what was obtained before.
 *
 * @param file  where it was read from
 * @param lines its meaningful lines in order
 */
public record SshConfig(Path file, List<Line> lines) {

    public SshConfig {
        lines = List.copyOf(lines);
    }

    /** A meaningful line of an ssh_config file. */
    public sealed interface Line permits HostLine, MatchLine, IncludeLine, OptionLine {
    }

    /** {@code Host pattern...}: blank-separated patterns, {@code !} negates. */
    public record HostLine(List<String> patterns, String origin) implements Line {
    }

    /** {@code Match criterion...}: the raw words after Match. */
    public record MatchLine(List<String> words, String origin) implements Line {
    }

    /** {@code Include path...}: paths or globs, relative ones under ~/.ssh (user files) or /etc/ssh (system file). */
    public record IncludeLine(List<String> paths, String origin) implements Line {
    }

    /** Any other keyword. */
    public record OptionLine(SshOption option) implements Line {
    }

    /** Reads {@code file}; a missing file is an empty configuration, as for ssh. */
    public static SshConfig read(Path file) throws SshConfigException {
        try {
            return parse(file, Files.readString(file));
        } catch (NoSuchFileException e) {
            return new SshConfig(file, List.of());
        } catch (IOException e) {
            throw new SshConfigException("Can't open user config file " + file + ": " + e.getMessage());
        }
    }

    public static SshConfig parse(Path file, String text) throws SshConfigException {
        List<Line> lines = new ArrayList<>();
        String[] raw = text.split("\r?\n", -1);
        for (int n = 0; n < raw.length; n++) {
            ConfigWords.KeywordLine kl = ConfigWords.keywordLine(raw[n]);
            if (kl == null) {
                continue;
            }
            String origin = file + " line " + (n + 1);
            String keyword = kl.keyword().toLowerCase(Locale.ROOT);
            if (kl.rest().isEmpty() || kl.rest().startsWith("#")) {
                throw new SshConfigException(origin + ": no argument after keyword \"" + kl.keyword() + "\"");
            }
            switch (keyword) {
                case "host" -> lines.add(new HostLine(ConfigWords.split(kl.rest(), origin), origin));
                case "match" -> lines.add(new MatchLine(ConfigWords.split(kl.rest(), origin), origin));
                case "include" -> lines.add(new IncludeLine(ConfigWords.split(kl.rest(), origin), origin));
                default -> lines.add(new OptionLine(new SshOption(keyword, kl.rest(), origin)));
            }
        }
        return new SshConfig(file, lines);
    }
}
