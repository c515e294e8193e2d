package io.drover.vault;

import java.util.ArrayList;
import java.util.List;

/**
 * The vault passwords of a run, in the order ansible-core tries them: ansible.cfg's {@code vault_identity_list},
 * then {@code --vault-id}, then {@code --vault-password-file} and {@code vault_password_file}, then
 * {@code --ask-vault-pass}. Immutable.
 */
public record VaultSecrets(List<VaultSecret> secrets) {

    private static final VaultSecrets NONE = new VaultSecrets(List.of());

    public VaultSecrets {
        secrets = List.copyOf(secrets);
    }

    /** No passwords: vaulted data fails with "Attempting to decrypt but no vault secrets found" when used. */
    public static VaultSecrets none() {
        return NONE;
    }

    public static VaultSecrets of(VaultSecret... secrets) {
        return new VaultSecrets(List.of(secrets));
    }

    /** A single password under the default vault-id, as {@code --vault-password-file} gives. */
    public static VaultSecrets password(String password) {
        return of(VaultSecret.of(VaultSecret.DEFAULT_ID, password));
    }

    public boolean isEmpty() {
        return secrets.isEmpty();
    }

    public VaultSecrets plus(VaultSecret secret) {
        List<VaultSecret> all = new ArrayList<>(secrets);
        all.add(secret);
        return new VaultSecrets(all);
    }

    /**
     * The secrets to try for data labelled {@code vaultId} (null for format 1.1): those with that label first, then
     * all the others in order — ansible-core does not insist on a matching label (vault_id_match is off by default).
     */
    List<VaultSecret> candidates(String vaultId) {
        if (vaultId == null) {
            return secrets;
        }
        List<VaultSecret> out = new ArrayList<>();
        for (VaultSecret s : secrets) {
            if (s.vaultId().equals(vaultId)) {
                out.add(s);
            }
        }
        for (VaultSecret s : secrets) {
            if (!s.vaultId().equals(vaultId)) {
                out.add(s);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "VaultSecrets" + secrets;
    }
}
