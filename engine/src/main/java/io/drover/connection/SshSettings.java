package io.drover.connection;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How to reach a host over SSH beyond address, user, keys and known_hosts: what OpenSSH options, ssh_config and
 * Ansible's ssh settings resolve to for one host. Immutable; resolved before any connection is opened.
 *
 * @param identitiesOnly        offer only the configured identity files (not agent keys or defaults)
 * @param acceptNewHostKeys     StrictHostKeyChecking=accept-new: trust and record unknown keys, refuse changed ones
 * @param hashKnownHosts        record accepted keys hashed
 * @param hostKeyAlias          name to look host keys up under instead of the address, or null
 * @param connectionAttempts    connection tries before giving up (OpenSSH ConnectionAttempts, at least 1)
 * @param serverAliveInterval   keepalive interval; {@link Duration#ZERO} for none
 * @param serverAliveCountMax   unanswered keepalives before the connection is considered dead
 * @param jumpHosts             ProxyJump chain, first hop first; each hop fully resolved on its own
 * @param proxyCommand          ProxyCommand with tokens expanded, run by /bin/sh; null for none
 * @param agentSocket           ssh-agent socket to ask for keys (SSH_AUTH_SOCK), or null
 * @param pubkeyAuthentication  offer public keys
 * @param passwordAuthentication try the password
 * @param keyboardInteractiveAuthentication answer keyboard-interactive prompts with the password
 * @param batchMode             never prompt (passphrases, passwords)
 * @param compression           zlib compression
 */
public record SshSettings(
        boolean identitiesOnly,
        boolean acceptNewHostKeys,
        boolean hashKnownHosts,
        String hostKeyAlias,
        int connectionAttempts,
        Duration serverAliveInterval,
        int serverAliveCountMax,
        List<ConnectionSpec> jumpHosts,
        String proxyCommand,
        Path agentSocket,
        boolean pubkeyAuthentication,
        boolean passwordAuthentication,
        boolean keyboardInteractiveAuthentication,
        boolean batchMode,
        boolean compression) {

    /** OpenSSH's defaults, without an agent. */
    public static final SshSettings DEFAULTS = new SshSettings(false, false, false, null, 1, Duration.ZERO, 3,
            List.of(), null, null, true, true, true, false, false);

    public SshSettings {
        jumpHosts = jumpHosts == null ? List.of() : List.copyOf(jumpHosts);
        serverAliveInterval = serverAliveInterval == null ? Duration.ZERO : serverAliveInterval;
        connectionAttempts = Math.max(1, connectionAttempts);
    }
}
