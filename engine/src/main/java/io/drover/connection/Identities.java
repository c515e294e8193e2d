package io.drover.connection;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import net.schmizz.sshj.Config;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.common.SecurityUtils;
import net.schmizz.sshj.userauth.keyprovider.FileKeyProvider;
import net.schmizz.sshj.userauth.keyprovider.KeyFormat;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.keyprovider.KeyProviderUtil;
import net.schmizz.sshj.userauth.password.PasswordUtils;

/**
 * Private key files, parsed (and decrypted) at most once per run. A key's public half is known without decrypting
 * it (from the {@code .pub} file beside it, or the clear header of an OpenSSH-format key), so agent keys can be
 * matched to files and a passphrase is only asked for when a server would accept the key, as ssh does.
 */
final class Identities {

    /** ssh asks for a passphrase this many times (NumberOfPasswordPrompts) before giving up on the key. */
    private static final int PROMPTS = 3;
    private static final String OPENSSH_BEGIN = "-----BEGIN OPENSSH PRIVATE KEY-----";
    private static final String OPENSSH_END = "-----END OPENSSH PRIVATE KEY-----";

    /**
     * What is known about a key file before decrypting it.
     *
     * @param file      the private key file
     * @param publicKey its public key in SSH wire format, or null when it cannot be known without decrypting
     * @param encrypted whether a passphrase is needed
     */
    record KeyFile(Path file, byte[] publicKey, boolean encrypted) {
    }

    private final Config config;
    private final PasswordPrompt prompt;
    private final ConcurrentHashMap<Path, KeyFile> files = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Path, KeyPair> pairs = new ConcurrentHashMap<>();
    private final ReentrantLock promptLock = new ReentrantLock();

    Identities(Config config, PasswordPrompt prompt) {
        this.config = config;
        this.prompt = prompt;
    }

    /** Reads what can be known about a key file without a passphrase. */
    KeyFile inspect(Path file) throws IOException {
        KeyFile known = files.get(file);
        if (known != null) {
            return known;
        }
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        boolean encrypted;
        byte[] pub = publicKeyFile(file);
        if (text.contains(OPENSSH_BEGIN)) {
            OpenSshHeader h = OpenSshHeader.parse(text);
            encrypted = !h.cipher().equals("none");
            if (pub == null) {
                pub = h.publicKey();
            }
        } else {
            encrypted = text.contains("Proc-Type: 4,ENCRYPTED") || text.contains("BEGIN ENCRYPTED PRIVATE KEY");
        }
        if (pub == null && !encrypted) {
            pub = blob(load(file, null).getPublic());
        }
        KeyFile k = new KeyFile(file, pub, encrypted);
        files.putIfAbsent(file, k);
        return k;
    }

    /** An sshj key provider for the file that decrypts only when sshj needs the private half. */
    KeyProvider provider(KeyFile key, boolean batchMode) {
        return new KeyProvider() {
            @Override
            public PublicKey getPublic() throws IOException {
                if (key.publicKey() == null) {
                    return pair(key, batchMode).getPublic();
                }
                try {
                    return new Buffer.PlainBuffer(key.publicKey()).readPublicKey();
                } catch (RuntimeException e) {
                    // ECDSA public keys too are decoded through BouncyCastle's "ECDSA" KeyFactory.
                    if (!needsBouncyCastle(e) || !registerBouncyCastle()) {
                        throw e;
                    }
                    return new Buffer.PlainBuffer(key.publicKey()).readPublicKey();
                }
            }

            @Override
            public PrivateKey getPrivate() throws IOException {
                return pair(key, batchMode).getPrivate();
            }

            @Override
            public KeyType getType() throws IOException {
                return KeyType.fromKey(getPublic());
            }

            @Override
            public String toString() {
                return key.file().toString();
            }
        };
    }

    /** The key pair, decrypted with a passphrase asked for once per run (never in batch mode). */
    KeyPair pair(KeyFile key, boolean batchMode) throws IOException {
        KeyPair cached = pairs.get(key.file());
        if (cached != null) {
            return cached;
        }
        if (!key.encrypted()) {
            return remember(key.file(), load(key.file(), null));
        }
        if (batchMode) {
            throw new KeyLoadException("Load key \"" + key.file() + "\": the key is encrypted, and BatchMode forbids"
                    + " asking for its passphrase (add it to ssh-agent, or leave BatchMode off)");
        }
        // one prompt at a time, and the second host needing the same key finds it decrypted
        promptLock.lock();
        try {
            cached = pairs.get(key.file());
            if (cached != null) {
                return cached;
            }
            for (int attempt = 0; attempt < PROMPTS; attempt++) {
                char[] passphrase = prompt.ask("Enter passphrase for key '" + key.file() + "': ");
                if (passphrase == null) {
                    throw new KeyLoadException("Load key \"" + key.file() + "\": the key is encrypted and no"
                            + " passphrase could be asked for (no terminal; add the key to ssh-agent)");
                }
                try {
                    return remember(key.file(), load(key.file(), passphrase));
                } catch (IOException | RuntimeException wrong) {
                    // most likely a wrong passphrase; ssh asks again
                } finally {
                    Arrays.fill(passphrase, '\0');
                }
            }
            throw new KeyLoadException("Load key \"" + key.file() + "\": incorrect passphrase supplied to decrypt"
                    + " private key");
        } finally {
            promptLock.unlock();
        }
    }

    private KeyPair remember(Path file, KeyPair pair) {
        KeyPair prior = pairs.putIfAbsent(file, pair);
        return prior != null ? prior : pair;
    }

    private KeyPair load(Path file, char[] passphrase) throws IOException {
        try {
            return parse(file, passphrase);
        } catch (IOException | RuntimeException e) {
            if (!needsBouncyCastle(e)) {
                throw e;
            }
            // sshj reads PEM (SEC1) ECDSA keys only through BouncyCastle's "ECDSA" KeyFactory. The CLI skips
            // registering BouncyCastle for a faster start; a run that meets such a key pays for it here, once.
            if (!registerBouncyCastle()) {
                throw e;
            }
            return parse(file, passphrase);
        }
    }

    /** Registers BouncyCastle process-wide (the CLI leaves it out for a faster start); true when it is there. */
    private static boolean registerBouncyCastle() {
        SecurityUtils.setRegisterBouncyCastle(true);
        return SecurityUtils.isBouncyCastleRegistered();
    }

    private static boolean needsBouncyCastle(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof NoSuchAlgorithmException && !SecurityUtils.isBouncyCastleRegistered()) {
                return true;
            }
        }
        return false;
    }

    private KeyPair parse(Path file, char[] passphrase) throws IOException {
        KeyFormat format = KeyProviderUtil.detectKeyFileFormat(file.toFile());
        FileKeyProvider fkp = Factory.Named.Util.create(config.getFileKeyProviderFactories(), format.toString());
        if (fkp == null) {
            throw new IOException("unsupported key format " + format);
        }
        if (passphrase == null) {
            fkp.init(file.toFile());
        } else {
            fkp.init(file.toFile(), PasswordUtils.createOneOff(passphrase.clone()));
        }
        return new KeyPair(fkp.getPublic(), fkp.getPrivate());
    }

    /** The {@code .pub} file beside a key, decoded, or null if absent or unreadable. */
    private static byte[] publicKeyFile(Path file) {
        Path pub = Path.of(file + ".pub");
        try {
            String[] f = Files.readString(pub, StandardCharsets.ISO_8859_1).strip().split("\\s+");
            return f.length >= 2 ? Base64.getDecoder().decode(f[1]) : null;
        } catch (IOException | IllegalArgumentException absentOrMalformed) {
            return null;
        }
    }

    static byte[] blob(PublicKey key) {
        return new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
    }

    /** ssh's wording for a key that could not be loaded. */
    static String describe(Path file, Exception e) {
        if (e instanceof KeyLoadException) {
            return e.getMessage();
        }
        if (e instanceof NoSuchFileException) {
            return "Load key \"" + file + "\": No such file or directory";
        }
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String lower = m.toLowerCase(Locale.ROOT);
        if (lower.contains("password") || lower.contains("passphrase") || lower.contains("decrypt")) {
            return "Load key \"" + file + "\": incorrect passphrase supplied to decrypt private key (" + m + ")";
        }
        return "Load key \"" + file + "\": invalid format (" + m + ")";
    }

    /** A key that cannot be used, with the message to show as is. */
    static final class KeyLoadException extends IOException {
        KeyLoadException(String message) {
            super(message);
        }
    }

    /** The unencrypted head of an {@code openssh-key-v1} file: cipher name and the first public key. */
    private record OpenSshHeader(String cipher, byte[] publicKey) {
        static OpenSshHeader parse(String text) throws IOException {
            int start = text.indexOf(OPENSSH_BEGIN) + OPENSSH_BEGIN.length();
            int end = text.indexOf(OPENSSH_END, start);
            if (end < 0) {
                throw new IOException("truncated OpenSSH private key");
            }
            try {
                byte[] raw = Base64.getMimeDecoder().decode(text.substring(start, end));
                byte[] magic = "openssh-key-v1\0".getBytes(StandardCharsets.ISO_8859_1);
                if (raw.length < magic.length || !Arrays.equals(Arrays.copyOf(raw, magic.length), magic)) {
                    throw new IOException("not an openssh-key-v1 key");
                }
                Buffer.PlainBuffer b = new Buffer.PlainBuffer(Arrays.copyOfRange(raw, magic.length, raw.length));
                String cipher = b.readString();
                b.readString(); // kdf name
                b.readStringAsBytes(); // kdf options
                long n = b.readUInt32();
                byte[] pub = n >= 1 ? b.readStringAsBytes() : null;
                return new OpenSshHeader(cipher, pub);
            } catch (Buffer.BufferException | IllegalArgumentException e) {
                throw new IOException("malformed OpenSSH private key: " + e.getMessage(), e);
            }
        }
    }
}
