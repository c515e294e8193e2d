package io.drover.vault;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Decrypts Ansible Vault data (formats 1.1 and 1.2, cipher AES256) with the JDK's own crypto.
 *
 * <p>The envelope is a header line {@code $ANSIBLE_VAULT;1.1;AES256} (1.2 adds {@code ;<vault-id>}) followed by
 * hex lines. Their hex decodes to three lines: hex salt, hex HMAC, hex ciphertext. PBKDF2-HMAC-SHA256 (10000
 * rounds) turns password and salt into 80 bytes: AES key, HMAC key, counter block. The HMAC-SHA256 of the
 * ciphertext must match before AES-256-CTR decrypts it; the plaintext carries PKCS#7 padding.
 *
 * <p>Secrets are tried as ansible-core tries them (see {@link VaultSecrets#candidates}); a secret that fails the
 * HMAC check just lets the next one try, a malformed envelope ends the attempt at once.
 */
public final class Vault {

    /** What every vaulted text starts with. */
    public static final String HEADER = "$ANSIBLE_VAULT";

    private static final int ITERATIONS = 10_000;
    private static final int KEY_LENGTH = 32;
    private static final int IV_LENGTH = 16;

    private final VaultSecrets secrets;

    public Vault(VaultSecrets secrets) {
        this.secrets = secrets == null ? VaultSecrets.none() : secrets;
    }

    public VaultSecrets secrets() {
        return secrets;
    }

    /** Whether text is vaulted data, as ansible-core decides it: it starts with the header, nothing before. */
    public static boolean isEncrypted(CharSequence text) {
        return text != null && text.length() >= HEADER.length() && text.subSequence(0, HEADER.length()).toString().equals(HEADER);
    }

    public static boolean isEncrypted(byte[] data) {
        byte[] header = HEADER.getBytes(StandardCharsets.US_ASCII);
        return data != null && data.length >= header.length && Arrays.equals(data, 0, header.length, header, 0, header.length);
    }

    /** Decrypts vaulted text to its plaintext bytes; {@code file} (may be null) is only for messages. */
    public byte[] decrypt(String vaulttext, String file) {
        return decrypt(vaulttext.getBytes(StandardCharsets.UTF_8), file);
    }

    /** Decrypts vaulted data to text (UTF-8, as Ansible reads it). */
    public String decryptText(String vaulttext, String file) {
        return new String(decrypt(vaulttext, file), StandardCharsets.UTF_8);
    }

    public byte[] decrypt(byte[] vaulttext, String file) {
        if (!isEncrypted(vaulttext)) {
            throw new VaultException("input is not vault encrypted data. "
                    + (file == null ? "" : file + " is not a vault encrypted file"), file);
        }
        Envelope envelope = Envelope.parse(new String(vaulttext, StandardCharsets.US_ASCII), file);
        if (!envelope.cipher().equals("AES256")) {
            throw new VaultException(envelope.cipher() + " cipher could not be found", file);
        }
        if (secrets.isEmpty()) {
            throw new VaultException("Attempting to decrypt but no vault secrets found", file);
        }
        Payload payload = Payload.parse(envelope.hex(), file);
        for (VaultSecret secret : secrets.candidates(envelope.vaultId())) {
            byte[] plain = payload.decrypt(secret.password());
            if (plain != null) {
                return plain;
            }
        }
        throw new VaultException("Decryption failed (no vault secrets were found that could decrypt)"
                + (file == null ? "" : " on " + file), file);
    }

    /**
     * A controller file as copy, template and unarchive read their {@code src}: decrypted when it is vaulted,
     * otherwise as it is.
     */
    public byte[] realFile(byte[] data, String file) {
        if (!isEncrypted(data)) {
            return data;
        }
        if (secrets.isEmpty()) {
            throw new VaultException("A vault password or secret must be specified to decrypt " + file, file);
        }
        return decrypt(data, file);
    }

    /** The header fields and the joined hex body. {@code vaultId} is null for format 1.1. */
    record Envelope(String version, String cipher, String vaultId, String hex) {
        static Envelope parse(String text, String file) {
            String[] lines = text.split("\r\n|\r|\n");
            String[] header = lines[0].strip().split(";", -1);
            if (header.length < 3) {
                throw new VaultException("Vault envelope format error" + (file == null ? "" : " in " + file)
                        + ": list index out of range", file);
            }
            StringBuilder hex = new StringBuilder();
            for (int i = 1; i < lines.length; i++) {
                hex.append(lines[i].strip());
            }
            String id = header.length >= 4 ? header[3].strip() : null;
            return new Envelope(header[1].strip(), header[2].strip(), id, hex.toString());
        }
    }

    /** Salt, expected HMAC and ciphertext of one envelope. */
    record Payload(byte[] salt, byte[] hmac, byte[] ciphertext) {
        static Payload parse(String hex, String file) {
            String inner = new String(unhex(hex, file), StandardCharsets.US_ASCII);
            String[] parts = inner.split("\n", 3);
            if (parts.length < 3) {
                throw new VaultException("Vault vaulttext format error: not enough values to unpack (expected 3, got "
                        + parts.length + ")", file);
            }
            return new Payload(unhex(parts[0], file), unhex(parts[1], file), unhex(parts[2], file));
        }

        /** The plaintext, or null when this password's HMAC does not match. */
        byte[] decrypt(byte[] password) {
            try {
                byte[] derived = pbkdf2(password, salt, ITERATIONS, 2 * KEY_LENGTH + IV_LENGTH);
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(derived, KEY_LENGTH, KEY_LENGTH, "HmacSHA256"));
                if (!MessageDigest.isEqual(mac.doFinal(ciphertext), hmac)) {
                    return null;
                }
                Cipher aes = Cipher.getInstance("AES/CTR/NoPadding");
                aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(derived, 0, KEY_LENGTH, "AES"),
                        new IvParameterSpec(derived, 2 * KEY_LENGTH, IV_LENGTH));
                return unpad(aes.doFinal(ciphertext));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK lacks AES-CTR or HMAC-SHA256", e);
            }
        }
    }

    /** PKCS#7 padding of a 16-byte block cipher; a bad pad means the data was not made by Ansible. */
    private static byte[] unpad(byte[] padded) {
        int n = padded.length == 0 ? 0 : padded[padded.length - 1] & 0xff;
        if (n < 1 || n > 16 || n > padded.length) {
            throw new VaultException("Invalid padding bytes.", null);
        }
        for (int i = padded.length - n; i < padded.length; i++) {
            if ((padded[i] & 0xff) != n) {
                throw new VaultException("Invalid padding bytes.", null);
            }
        }
        return Arrays.copyOf(padded, padded.length - n);
    }

    /**
     * PBKDF2 with HMAC-SHA256 over the password's raw bytes. The JDK's PBKDF2 SecretKeyFactory takes a char[] and
     * would re-encode it, so it cannot take every byte sequence a password file may hold.
     */
    static byte[] pbkdf2(byte[] password, byte[] salt, int iterations, int length) throws GeneralSecurityException {
        Mac prf = Mac.getInstance("HmacSHA256");
        // An empty HMAC key is legal, but SecretKeySpec refuses one; a lone zero byte is the same key for HMAC.
        prf.init(new SecretKeySpec(password.length == 0 ? new byte[1] : password, "HmacSHA256"));
        int hLen = prf.getMacLength();
        byte[] out = new byte[length];
        for (int block = 1, offset = 0; offset < length; block++, offset += hLen) {
            prf.update(salt);
            prf.update(new byte[] {(byte) (block >>> 24), (byte) (block >>> 16), (byte) (block >>> 8), (byte) block});
            byte[] u = prf.doFinal();
            byte[] t = u.clone();
            for (int i = 1; i < iterations; i++) {
                u = prf.doFinal(u);
                for (int j = 0; j < t.length; j++) {
                    t[j] ^= u[j];
                }
            }
            System.arraycopy(t, 0, out, offset, Math.min(hLen, length - offset));
        }
        return out;
    }

    private static byte[] unhex(String hex, String file) {
        if (hex.length() % 2 != 0) {
            throw new VaultException("Vault format unhexlify error: Odd-length string", file);
        }
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = Character.digit(hex.charAt(2 * i), 16);
            int lo = Character.digit(hex.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                throw new VaultException("Vault format unhexlify error: Non-hexadecimal digit found", file);
            }
            out[i] = (byte) (hi << 4 | lo);
        }
        return out;
    }
}
