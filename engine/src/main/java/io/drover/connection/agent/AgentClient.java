package io.drover.connection.agent;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal ssh-agent client (draft-miller-ssh-agent): lists the agent's keys and asks it to sign. Talks over the
 * agent's Unix socket; each request opens its own connection, so one client is safe to share between threads and a
 * restarted agent is simply picked up.
 */
public final class AgentClient {

    private static final int SSH_AGENT_FAILURE = 5;
    private static final int SSH2_AGENTC_REQUEST_IDENTITIES = 11;
    private static final int SSH2_AGENT_IDENTITIES_ANSWER = 12;
    private static final int SSH2_AGENTC_SIGN_REQUEST = 13;
    private static final int SSH2_AGENT_SIGN_RESPONSE = 14;

    /** Sign flag: an RSA key signs with rsa-sha2-256 instead of ssh-rsa (SHA-1). */
    public static final int SSH_AGENT_RSA_SHA2_256 = 2;
    /** Sign flag: an RSA key signs with rsa-sha2-512. */
    public static final int SSH_AGENT_RSA_SHA2_512 = 4;

    /** Messages larger than this are a broken or hostile agent, not a real answer. */
    private static final int MAX_MESSAGE = 256 * 1024;

    private final Path socket;

    public AgentClient(Path socket) {
        this.socket = socket;
    }

    /** The agent's socket. */
    public Path socket() {
        return socket;
    }

    /** The keys the agent offers, in the agent's order (the order OpenSSH tries them in). */
    public List<AgentIdentity> identities() throws IOException {
        DataInputStream answer = request(new byte[] {SSH2_AGENTC_REQUEST_IDENTITIES});
        int type = answer.readUnsignedByte();
        if (type != SSH2_AGENT_IDENTITIES_ANSWER) {
            throw new IOException("ssh-agent at " + socket + " refused to list keys (answer " + type + ")");
        }
        int n = answer.readInt();
        if (n < 0 || n > 10_000) {
            throw new IOException("ssh-agent at " + socket + " sent a bad key count " + n);
        }
        List<AgentIdentity> keys = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] blob = readString(answer);
            String comment = new String(readString(answer), StandardCharsets.UTF_8);
            keys.add(new AgentIdentity(blob, comment));
        }
        return keys;
    }

    /**
     * Has the agent sign {@code data} with the key {@code blob}; returns the SSH signature encoding
     * ({@code string algorithm, string signature}) ready to put in a userauth request.
     *
     * @param flags {@link #SSH_AGENT_RSA_SHA2_256}, {@link #SSH_AGENT_RSA_SHA2_512} or 0
     */
    public byte[] sign(byte[] blob, byte[] data, int flags) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream(blob.length + data.length + 16);
        DataOutputStream out = new DataOutputStream(body);
        out.writeByte(SSH2_AGENTC_SIGN_REQUEST);
        writeString(out, blob);
        writeString(out, data);
        out.writeInt(flags);
        DataInputStream answer = request(body.toByteArray());
        int type = answer.readUnsignedByte();
        if (type == SSH_AGENT_FAILURE) {
            throw new IOException("ssh-agent at " + socket + " refused to sign (key locked, removed or needing"
                    + " confirmation)");
        }
        if (type != SSH2_AGENT_SIGN_RESPONSE) {
            throw new IOException("ssh-agent at " + socket + " sent an unexpected answer " + type);
        }
        return readString(answer);
    }

    private DataInputStream request(byte[] message) throws IOException {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            ByteBuffer out = ByteBuffer.allocate(4 + message.length).putInt(message.length).put(message).flip();
            while (out.hasRemaining()) {
                ch.write(out);
            }
            InputStream in = Channels.newInputStream(ch);
            DataInputStream din = new DataInputStream(in);
            int len = din.readInt();
            if (len <= 0 || len > MAX_MESSAGE) {
                throw new IOException("ssh-agent at " + socket + " sent a bad message length " + len);
            }
            byte[] answer = din.readNBytes(len);
            if (answer.length != len) {
                throw new IOException("ssh-agent at " + socket + " closed the connection mid-answer");
            }
            return new DataInputStream(new java.io.ByteArrayInputStream(answer));
        }
    }

    private static byte[] readString(DataInputStream in) throws IOException {
        int len = in.readInt();
        if (len < 0 || len > in.available()) {
            throw new IOException("malformed ssh-agent message");
        }
        return in.readNBytes(len);
    }

    private static void writeString(DataOutputStream out, byte[] s) throws IOException {
        out.writeInt(s.length);
        out.write(s);
    }
}
