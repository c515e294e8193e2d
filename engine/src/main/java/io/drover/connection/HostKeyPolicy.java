package io.drover.connection;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;

/**
 * Decides whether to trust a server's host key the way ssh's StrictHostKeyChecking does: a recorded key of the
 * host is trusted; a different key of a recorded type means the key changed and is refused (also under
 * accept-new); an unknown key is refused, or recorded and trusted under accept-new. Remembers why it refused, in
 * ssh's words plus what to do about it, for the unreachable message.
 */
final class HostKeyPolicy implements HostKeyVerifier {

    private final KnownHosts knownHosts;
    private final List<Path> files;
    private final List<KnownHosts.Entry> entries;
    private final String name;
    private final boolean acceptNew;
    private final boolean hashNew;
    private volatile String failure;

    /**
     * @param files     the known_hosts files consulted, in order; accepted keys go to the first
     * @param entries   their entries
     * @param name      the name to look keys up under ({@link KnownHosts#lookupName})
     */
    HostKeyPolicy(KnownHosts knownHosts, List<Path> files, List<KnownHosts.Entry> entries, String name,
                  boolean acceptNew, boolean hashNew) {
        this.knownHosts = knownHosts;
        this.files = files;
        this.entries = entries;
        this.name = name;
        this.acceptNew = acceptNew;
        this.hashNew = hashNew;
    }

    @Override
    public boolean verify(String hostname, int port, PublicKey key) {
        byte[] blob = new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
        String type = KeyType.fromKey(key).toString();
        String label = label(type);
        String fingerprint = KnownHosts.fingerprint(blob);
        List<KnownHosts.Entry> mine = entries.stream().filter(e -> e.appliesTo(name)).toList();
        for (KnownHosts.Entry e : mine) {
            if (e.revoked() && e.sameKey(blob)) {
                failure = "Host key " + label + " " + fingerprint + " revoked by file " + e.file() + " line "
                        + e.line() + "\nHost key verification failed.";
                return false;
            }
        }
        if (mine.stream().anyMatch(e -> !e.revoked() && e.sameKey(blob))) {
            return true;
        }
        KnownHosts.Entry old = mine.stream().filter(e -> !e.revoked() && e.keyType().equals(type))
                .findFirst().orElse(null);
        if (old != null) {
            failure = changed(label, fingerprint, old);
            return false;
        }
        if (acceptNew) {
            if (files.isEmpty()) {
                return true; // nowhere to record it; ssh warns and connects
            }
            try {
                knownHosts.append(files.getFirst(), name, type, blob, hashNew);
                return true;
            } catch (IOException e) {
                failure = "Failed to add the host to the list of known hosts (" + files.getFirst() + "): "
                        + e.getMessage() + "\nHost key verification failed.";
                return false;
            }
        }
        failure = "No " + label + " host key is known for " + name + " and you have requested strict checking.\n"
                + "The server offered the " + label + " key " + fingerprint + "; known_hosts files consulted: "
                + (files.isEmpty() ? "none" : files.stream().map(Path::toString).collect(Collectors.joining(", ")))
                + ".\nTo trust it, add it to " + (files.isEmpty() ? "~/.ssh/known_hosts" : files.getFirst())
                + " (after checking the fingerprint, e.g. `ssh-keyscan " + keyscanTarget(hostname, port)
                + "`), or connect with StrictHostKeyChecking=accept-new.\nHost key verification failed.";
        return false;
    }

    @Override
    public List<String> findExistingAlgorithms(String hostname, int port) {
        List<String> types = new ArrayList<>();
        for (KnownHosts.Entry e : entries) {
            if (!e.revoked() && e.appliesTo(name) && !types.contains(e.keyType())) {
                types.add(e.keyType());
            }
        }
        return types;
    }

    /** Why the key was refused, or null if it was not. */
    String failure() {
        return failure;
    }

    private String changed(String label, String fingerprint, KnownHosts.Entry old) {
        return String.join("\n",
                "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@",
                "@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @",
                "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@",
                "IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!",
                "Someone could be eavesdropping on you right now (man-in-the-middle attack)!",
                "It is also possible that a host key has just been changed.",
                "The fingerprint for the " + label + " key sent by the remote host is",
                fingerprint + ".",
                "Please contact your system administrator.",
                "Add correct host key in " + old.file() + " to get rid of this message.",
                "Offending " + label + " key in " + old.file() + ":" + old.line(),
                "Host key for " + name + " has changed and you have requested strict checking.",
                "Host key verification failed.");
    }

    private static String keyscanTarget(String hostname, int port) {
        return (port == 22 ? "" : "-p " + port + " ") + hostname;
    }

    /** ssh's short name for a key type in messages: ED25519, ECDSA, RSA. */
    static String label(String type) {
        if (type.equals("ssh-ed25519")) {
            return "ED25519";
        }
        if (type.startsWith("ecdsa-")) {
            return "ECDSA";
        }
        if (type.equals("ssh-rsa")) {
            return "RSA";
        }
        return type.toUpperCase(java.util.Locale.ROOT);
    }
}
