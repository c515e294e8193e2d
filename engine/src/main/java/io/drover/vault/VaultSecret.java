package io.drover.vault;

import java.util.Arrays;
import java.util.Objects;

/**
 * One vault password and the vault-id label it was given ({@code default} unless {@code --vault-id label@source}
 * named one). The password is kept as bytes, exactly as read: Ansible derives keys from bytes, not text.
 */
public final class VaultSecret {

    /** ansible-core's label for passwords given without one (ansible.cfg {@code vault_identity}). */
    public static final String DEFAULT_ID = "default";

    private final String vaultId;
    private final byte[] password;

    public VaultSecret(String vaultId, byte[] password) {
        this.vaultId = vaultId == null || vaultId.isEmpty() ? DEFAULT_ID : vaultId;
        this.password = Objects.requireNonNull(password).clone();
    }

    public static VaultSecret of(String vaultId, String password) {
        return new VaultSecret(vaultId, password.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public String vaultId() {
        return vaultId;
    }

    byte[] password() {
        return password;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VaultSecret s && s.vaultId.equals(vaultId) && Arrays.equals(s.password, password);
    }

    @Override
    public int hashCode() {
        return vaultId.hashCode() * 31 + Arrays.hashCode(password);
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "VaultSecret[" + vaultId + "]";
    }
}
