package io.drover.connection;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * OpenSSH known_hosts files, read once per run (re-read only when a file changed) and appended to for
 * StrictHostKeyChecking=accept-new. Our own reader rather than sshj's because the errors must name the file and
 * line of an offending entry, as ssh does.
 *
 * <p>Understood: comma-separated host patterns with {@code *}, {@code ?} and {@code !} negation, hashed names
 * ({@code |1|salt|hash}), {@code [host]:port} names, the {@code @revoked} marker. {@code @cert-authority} lines are
 * skipped (Drover does not verify host certificates), as are malformed lines (ssh skips them too).
 */
final class KnownHosts {

    /**
     * One usable line of a known_hosts file.
     *
     * @param file    the file it came from
     * @param line    its 1-based line number
     * @param revoked marked {@code @revoked}
     * @param hosts   the host pattern field, as written (plain patterns or one hashed name)
     * @param keyType e.g. {@code ssh-ed25519}
     * @param key     the public key in SSH wire format
     */
    record Entry(Path file, int line, boolean revoked, String hosts, String keyType, byte[] key) {

        boolean appliesTo(String name) {
            if (hosts.startsWith("|1|")) {
                return hashedMatches(hosts, name);
            }
            boolean matched = false;
            for (String pattern : hosts.split(",")) {
                boolean negated = pattern.startsWith("!");
                String p = negated ? pattern.substring(1) : pattern;
                if (wildcardMatches(p.toLowerCase(Locale.ROOT), name)) {
                    if (negated) {
                        return false;
                    }
                    matched = true;
                }
            }
            return matched;
        }

        boolean sameKey(byte[] other) {
            return Arrays.equals(key, other);
        }
    }

    private record Parsed(long modified, long size, List<Entry> entries) {
    }

    private final ConcurrentHashMap<Path, Parsed> parsed = new ConcurrentHashMap<>();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final SecureRandom random = new SecureRandom();

    /** Every usable entry of {@code files} in order; missing files (and {@code /dev/null}) contribute nothing. */
    List<Entry> entries(List<Path> files) throws IOException {
        List<Entry> all = new ArrayList<>();
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                continue;
            }
            long modified = Files.getLastModifiedTime(file).toMillis();
            long size = Files.size(file);
            Parsed p = parsed.get(file);
            if (p == null || p.modified() != modified || p.size() != size) {
                p = new Parsed(modified, size, parse(file, Files.readAllLines(file, StandardCharsets.ISO_8859_1)));
                parsed.put(file, p);
            }
            all.addAll(p.entries());
        }
        return all;
    }

    /**
     * Records a newly trusted key at the end of {@code file} (creating it and its directory if needed), hashed
     * like {@code ssh-keygen -H} when asked. Serialised, and skipped if the same key got recorded meanwhile.
     */
    void append(Path file, String name, String keyType, byte[] key, boolean hashed) throws IOException {
        writeLock.lock();
        try {
            for (Entry e : entries(List.of(file))) {
                if (e.appliesTo(name) && e.sameKey(key)) {
                    return;
                }
            }
            String hosts = hashed ? hash(name) : name;
            String line = hosts + " " + keyType + " " + Base64.getEncoder().encodeToString(key) + "\n";
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            if (Files.isRegularFile(file) && Files.size(file) > 0 && !endsWithNewline(file)) {
                line = "\n" + line;
            }
            Files.writeString(file, line, StandardCharsets.ISO_8859_1,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } finally {
            writeLock.unlock();
        }
    }

    /** The name a host's keys are recorded under: the alias as is, else {@code host} or {@code [host]:port}. */
    static String lookupName(String host, int port, String alias) {
        if (alias != null) {
            return alias.toLowerCase(Locale.ROOT);
        }
        String h = host.toLowerCase(Locale.ROOT);
        return port == 22 ? h : "[" + h + "]:" + port;
    }

    /** OpenSSH's fingerprint of a wire-format key: {@code SHA256:} and unpadded base64 of its SHA-256. */
    static String fingerprint(byte[] key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }

    private static boolean endsWithNewline(Path file) throws IOException {
        try (var ch = Files.newByteChannel(file)) {
            ch.position(ch.size() - 1);
            var b = java.nio.ByteBuffer.allocate(1);
            ch.read(b);
            return b.get(0) == '\n';
        }
    }

    private static List<Entry> parse(Path file, List<String> lines) {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\s+");
            boolean revoked = false;
            int at = 0;
            if (f[0].startsWith("@")) {
                if (!f[0].equals("@revoked")) {
                    continue; // @cert-authority: host certificates are not verified
                }
                revoked = true;
                at = 1;
            }
            if (f.length < at + 3) {
                continue;
            }
            byte[] key;
            try {
                key = Base64.getDecoder().decode(f[at + 2]);
            } catch (IllegalArgumentException malformed) {
                continue;
            }
            entries.add(new Entry(file, i + 1, revoked, f[at], f[at + 1], key));
        }
        return List.copyOf(entries);
    }

    private String hash(String name) {
        byte[] salt = new byte[20];
        random.nextBytes(salt);
        return "|1|" + Base64.getEncoder().encodeToString(salt) + "|"
                + Base64.getEncoder().encodeToString(hmacSha1(salt, name));
    }

    private static boolean hashedMatches(String hosts, String name) {
        String[] parts = hosts.split("\\|");
        if (parts.length != 4) {
            return false;
        }
        try {
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] expected = Base64.getDecoder().decode(parts[3]);
            return MessageDigest.isEqual(expected, hmacSha1(salt, name));
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    private static byte[] hmacSha1(byte[] salt, String name) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(salt, "HmacSHA1"));
            return mac.doFinal(name.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK always has HmacSHA1", e);
        }
    }

    /** OpenSSH's pattern syntax: {@code *} any run of characters, {@code ?} exactly one. */
    static boolean wildcardMatches(String pattern, String s) {
        int p = 0;
        int i = 0;
        int starP = -1;
        int starI = 0;
        while (i < s.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == s.charAt(i))) {
                p++;
                i++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                starP = p++;
                starI = i;
            } else if (starP >= 0) {
                p = starP + 1;
                i = ++starI;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
