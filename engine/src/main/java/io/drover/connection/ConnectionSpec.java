package io.drover.connection;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything needed to open a connection to one host, resolved from inventory variables, ansible.cfg and CLI flags
 * before any connection is made.
 *
 * @param type            connection plugin name: {@code ssh} (also smart/paramiko) or {@code local}
 * @param inventoryName   the host's inventory name (for messages)
 * @param address         ansible_host, or the inventory name
 * @param port            ansible_port, 22 by default
 * @param user            ansible_user / -u / remote_user, or null for the controller's user
 * @param identityFiles   private keys to try, in order
 * @param password        ansible_password, or null
 * @param hostKeyChecking verify the host key against known_hosts
 * @param knownHosts      known_hosts files to read
 * @param timeout         connect timeout
 * @param ssh             OpenSSH-level settings (jump hosts, proxy command, agent, ...)
 */
public record ConnectionSpec(
        String type,
        String inventoryName,
        String address,
        int port,
        String user,
        List<Path> identityFiles,
        String password,
        boolean hostKeyChecking,
        List<Path> knownHosts,
        Duration timeout,
        SshSettings ssh) {
    public ConnectionSpec {
        identityFiles = identityFiles == null ? List.of() : List.copyOf(identityFiles);
        knownHosts = knownHosts == null ? List.of() : List.copyOf(knownHosts);
        timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
        ssh = ssh == null ? SshSettings.DEFAULTS : ssh;
    }

    /** A spec with OpenSSH's defaults for everything beyond the basics. */
    public ConnectionSpec(String type, String inventoryName, String address, int port, String user,
                          List<Path> identityFiles, String password, boolean hostKeyChecking, List<Path> knownHosts,
                          Duration timeout) {
        this(type, inventoryName, address, port, user, identityFiles, password, hostKeyChecking, knownHosts, timeout,
                SshSettings.DEFAULTS);
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "ConnectionSpec[" + type + " " + (user == null ? "" : user + "@") + address + ":" + port
                + " (" + inventoryName + ")" + (password == null ? "" : " password=<hidden>") + "]";
    }
}
