package io.drover.vault;

import io.drover.error.DroverException;
import io.drover.error.SourceLocation;

/**
 * Vaulted data could not be decrypted, or a vault password could not be obtained. The message is Ansible's (it names
 * the file itself, as ansible-core does, so no location is attached); ansible-playbook exits with 1 for it.
 */
public final class VaultException extends DroverException {

    private final String file;

    public VaultException(String message, String file) {
        super(Kind.RUNTIME, message, SourceLocation.UNKNOWN);
        this.file = file;
    }

    /**
     * The vault failure behind a template or variable error, if that is what it was: ansible-core reports such a
     * failure with the vault's own message, not as an undefined variable.
     */
    public static java.util.Optional<VaultException> causeOf(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof VaultException v) {
                return java.util.Optional.of(v);
            }
        }
        return java.util.Optional.empty();
    }

    /** The file the vaulted data came from, or null (inline {@code !vault} values, data passed as text). */
    public String file() {
        return file;
    }
}
