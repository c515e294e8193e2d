package io.drover.connection.openssh;

import java.util.Locale;

/**
 * One OpenSSH option as written, before interpretation.
 *
 * @param keyword lower-case keyword ({@code identityfile})
 * @param value   everything after the keyword and its separator, quotes intact (ProxyCommand keeps it verbatim)
 * @param origin  where it was written, for messages: {@code "/home/u/.ssh/config line 4"} or {@code "command-line"}
 */
public record SshOption(String keyword, String value, String origin) {
    public SshOption {
        keyword = keyword.toLowerCase(Locale.ROOT);
    }

    /** The value split into words as OpenSSH splits option arguments (quotes removed, {@code #} ends the line). */
    public java.util.List<String> words() throws SshConfigException {
        return ConfigWords.split(value, origin);
    }
}
