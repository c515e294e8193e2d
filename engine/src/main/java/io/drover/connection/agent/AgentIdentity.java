package io.drover.connection.agent;

import java.util.Arrays;
import java.util.Base64;

/**
 * A public key the ssh-agent holds, as the agent listed it: the SSH wire encoding of the key and its comment.
 *
 * @param blob    the public key in SSH wire format ({@code string type, ...})
 * @param comment what {@code ssh-add -l} shows, usually the key file's path
 */
public record AgentIdentity(byte[] blob, String comment) {

    public AgentIdentity {
        blob = blob.clone();
    }

    @Override
    public byte[] blob() {
        return blob.clone();
    }

    /** Whether this is the same key as {@code otherBlob} (an SSH wire-format public key). */
    public boolean matches(byte[] otherBlob) {
        return Arrays.equals(blob, otherBlob);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AgentIdentity a && Arrays.equals(blob, a.blob) && comment.equals(a.comment);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(blob);
    }

    @Override
    public String toString() {
        return "AgentIdentity[" + comment + " " + Base64.getEncoder().encodeToString(blob) + "]";
    }
}
