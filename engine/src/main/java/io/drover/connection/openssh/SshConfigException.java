package io.drover.connection.openssh;

/** An OpenSSH option or ssh_config line that ssh itself would refuse; the message names where it was written. */
public final class SshConfigException extends Exception {
    public SshConfigException(String message) {
        super(message);
    }
}
