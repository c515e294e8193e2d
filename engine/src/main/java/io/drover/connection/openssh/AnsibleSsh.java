package io.drover.connection.openssh;

/**
 * What ansible-core 2.14's ssh connection plugin reads for one host, each already taken from the winning source
 * (variable, keyword, CLI flag, environment, ansible.cfg, default) by the caller.
 *
 * @param type            connection type (ssh, smart, paramiko)
 * @param inventoryName   the host's inventory name
 * @param host            ansible_host, or the inventory name
 * @param sshArgs         ssh_args (replaces ansible's default {@code -C -o ControlMaster=auto -o ControlPersist=60s})
 * @param hostKeyChecking host_key_checking; false adds {@code -o StrictHostKeyChecking=no}
 * @param port            ansible_port / remote_port, or null to leave the port to ssh
 * @param privateKeyFile  ansible_ssh_private_key_file / --private-key / private_key_file, or null
 * @param remoteUser      ansible_user / remote_user / -u, or null to leave the user to ssh
 * @param timeout         connect timeout in seconds (ansible_ssh_timeout / -T / timeout)
 * @param sshCommonArgs   ssh_common_args, or null
 * @param sshExtraArgs    ssh_extra_args, or null
 * @param password        the connection password, or null
 */
public record AnsibleSsh(String type, String inventoryName, String host, String sshArgs, boolean hostKeyChecking,
                         Integer port, String privateKeyFile, String remoteUser, int timeout, String sshCommonArgs,
                         String sshExtraArgs, String password) {

    /** Never shows the password. */
    @Override
    public String toString() {
        return "AnsibleSsh[" + inventoryName + " -> " + host + (password == null ? "" : " password=<hidden>") + "]";
    }
}
