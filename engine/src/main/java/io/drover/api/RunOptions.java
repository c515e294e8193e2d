package io.drover.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a run was asked to do, as ansible-playbook's flags say it.
 *
 * @param inventories    {@code -i} sources in order (files, directories or comma lists); empty = configured default
 * @param limit          {@code --limit} pattern or null
 * @param extraVars      parsed {@code -e} values merged in order (highest precedence)
 * @param forks          parallel hosts ({@code -f}), 5 by default
 * @param remoteUser     {@code -u}, or null
 * @param privateKey     {@code --private-key}, or null
 * @param become         {@code -b}
 * @param becomeUser     {@code --become-user}, or null (root)
 * @param becomeMethod   {@code --become-method}, or null (sudo)
 * @param check          {@code -C}
 * @param diff           {@code -D}
 * @param verbosity      number of {@code -v}
 * @param forceHandlers  {@code --force-handlers}
 * @param hostKeyChecking verify host keys (ansible.cfg host_key_checking / ANSIBLE_HOST_KEY_CHECKING)
 * @param connectTimeout seconds to wait for a connection
 * @param connection     {@code -c} connection type, or null
 * @param tags           --tags/--skip-tags selection
 * @param sshArgs        ssh_args from ansible.cfg / ANSIBLE_SSH_ARGS (ansible-core's default when unset)
 * @param sshCommonArgs  {@code --ssh-common-args}, else ssh_common_args from ansible.cfg / environment, or null
 * @param sshExtraArgs   {@code --ssh-extra-args}, else ssh_extra_args from ansible.cfg / environment, or null
 * @param remotePort     remote_port from ansible.cfg / ANSIBLE_REMOTE_PORT, or null to leave the port to ssh
 * @param connectionPassword {@code -k} / {@code --connection-password-file}, or null; never shown by toString
 * @param vaultSecrets   vault passwords ({@code --vault-id}, {@code --vault-password-file}, ...); none by default
 */
public record RunOptions(
        List<String> inventories,
        String limit,
        Map<String, Object> extraVars,
        int forks,
        String remoteUser,
        Path privateKey,
        boolean become,
        String becomeUser,
        String becomeMethod,
        boolean check,
        boolean diff,
        int verbosity,
        boolean forceHandlers,
        boolean hostKeyChecking,
        int connectTimeout,
        String connection,
        String sshArgs,
        String sshCommonArgs,
        String sshExtraArgs,
        Integer remotePort,
        String connectionPassword,
        io.drover.exec.TagSelection tags,
        io.drover.vault.VaultSecrets vaultSecrets) {

    public RunOptions {
        inventories = inventories == null ? List.of() : List.copyOf(inventories);
        extraVars = extraVars == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(extraVars));
        tags = tags == null ? io.drover.exec.TagSelection.ALL : tags;
        vaultSecrets = vaultSecrets == null ? io.drover.vault.VaultSecrets.none() : vaultSecrets;
        if (forks < 1) {
            throw new IllegalArgumentException("forks must be at least 1");
        }
    }

    /** Like the record's, but never shows the connection password. */
    @Override
    public String toString() {
        return "RunOptions[inventories=" + inventories + ", limit=" + limit + ", forks=" + forks + ", remoteUser="
                + remoteUser + ", connection=" + connection + ", check=" + check + ", become=" + become
                + (connectionPassword == null ? "" : ", connectionPassword=<hidden>") + "]";
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder with ansible-playbook's defaults. */
    public static final class Builder {
        private List<String> inventories = List.of();
        private String limit;
        private Map<String, Object> extraVars = Map.of();
        private int forks = 5;
        private String remoteUser;
        private Path privateKey;
        private boolean become;
        private String becomeUser;
        private String becomeMethod;
        private boolean check;
        private boolean diff;
        private int verbosity;
        private boolean forceHandlers;
        private boolean hostKeyChecking = true;
        private int connectTimeout = 10;
        private String connection;
        private String sshArgs;
        private io.drover.exec.TagSelection tags = io.drover.exec.TagSelection.ALL;
        private String sshCommonArgs;
        private String sshExtraArgs;
        private Integer remotePort;
        private String connectionPassword;
        private io.drover.vault.VaultSecrets vaultSecrets;

        public Builder inventories(List<String> v) { this.inventories = v; return this; }
        public Builder limit(String v) { this.limit = v; return this; }
        public Builder extraVars(Map<String, Object> v) { this.extraVars = v; return this; }
        public Builder forks(int v) { this.forks = v; return this; }
        public Builder remoteUser(String v) { this.remoteUser = v; return this; }
        public Builder privateKey(Path v) { this.privateKey = v; return this; }
        public Builder become(boolean v) { this.become = v; return this; }
        public Builder becomeUser(String v) { this.becomeUser = v; return this; }
        public Builder becomeMethod(String v) { this.becomeMethod = v; return this; }
        public Builder check(boolean v) { this.check = v; return this; }
        public Builder diff(boolean v) { this.diff = v; return this; }
        public Builder verbosity(int v) { this.verbosity = v; return this; }
        public Builder forceHandlers(boolean v) { this.forceHandlers = v; return this; }
        public Builder hostKeyChecking(boolean v) { this.hostKeyChecking = v; return this; }
        public Builder connectTimeout(int v) { this.connectTimeout = v; return this; }
        public Builder connection(String v) { this.connection = v; return this; }
        public Builder sshArgs(String v) { this.sshArgs = v; return this; }
        public Builder tags(io.drover.exec.TagSelection v) { this.tags = v; return this; }
        public Builder sshCommonArgs(String v) { this.sshCommonArgs = v; return this; }
        public Builder sshExtraArgs(String v) { this.sshExtraArgs = v; return this; }
        public Builder remotePort(Integer v) { this.remotePort = v; return this; }
        public Builder connectionPassword(String v) { this.connectionPassword = v; return this; }
        public Builder vaultSecrets(io.drover.vault.VaultSecrets v) { this.vaultSecrets = v; return this; }

        public RunOptions build() {
            return new RunOptions(inventories, limit, extraVars, forks, remoteUser, privateKey, become, becomeUser,
                    becomeMethod, check, diff, verbosity, forceHandlers, hostKeyChecking, connectTimeout, connection, sshArgs,
                    sshCommonArgs, sshExtraArgs, remotePort, connectionPassword, tags, vaultSecrets);
        }
    }
}
