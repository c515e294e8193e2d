package io.drover.connection.agent;

import java.io.IOException;
import java.util.LinkedList;
import java.util.Queue;

import com.hierynomus.sshj.key.KeyAlgorithm;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.common.Message;
import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.method.AbstractAuthMethod;

/**
 * sshj's {@code publickey} authentication with one key held by an ssh-agent: the private key never leaves the agent,
 * which signs the session-bound request. Like sshj's own key method, an RSA key is offered with each signature
 * algorithm the transport allows (rsa-sha2-512, rsa-sha2-256, ...) until the server accepts one, and the agent is
 * asked for the matching SHA-2 signature.
 */
public final class AuthAgent extends AbstractAuthMethod {

    private final AgentClient agent;
    private final AgentIdentity identity;
    private final KeyType keyType;
    private Queue<KeyAlgorithm> algorithms;

    public AuthAgent(AgentClient agent, AgentIdentity identity) {
        super("publickey");
        this.agent = agent;
        this.identity = identity;
        String typeName;
        try {
            typeName = new Buffer.PlainBuffer(identity.blob()).readString();
        } catch (Buffer.BufferException e) {
            typeName = "unknown";
        }
        this.keyType = KeyType.fromString(typeName);
    }

    /** The agent key this method offers. */
    public AgentIdentity identity() {
        return identity;
    }

    @Override
    public void handle(Message cmd, SSHPacket buf) throws UserAuthException, TransportException {
        if (cmd == Message.USERAUTH_60) {
            // the server would accept this key: now prove we hold it
            params.getTransport().write(signed());
        } else {
            super.handle(cmd, buf);
        }
    }

    @Override
    public boolean shouldRetry() {
        if (algorithms != null) {
            algorithms.poll();
            return !algorithms.isEmpty();
        }
        return false;
    }

    @Override
    protected SSHPacket buildReq() throws UserAuthException {
        return request(false);
    }

    private SSHPacket request(boolean signed) throws UserAuthException {
        KeyAlgorithm algorithm = algorithm();
        return super.buildReq()
                .putBoolean(signed)
                .putString(algorithm.getKeyAlgorithm())
                .putString(identity.blob());
    }

    private SSHPacket signed() throws UserAuthException, TransportException {
        SSHPacket req = request(true);
        byte[] toSign = new Buffer.PlainBuffer()
                .putString(params.getTransport().getSessionID())
                .putBuffer(req)
                .getCompactData();
        String name = algorithm().getKeyAlgorithm();
        int flags = switch (name) {
            case "rsa-sha2-256" -> AgentClient.SSH_AGENT_RSA_SHA2_256;
            case "rsa-sha2-512" -> AgentClient.SSH_AGENT_RSA_SHA2_512;
            default -> 0;
        };
        try {
            req.putString(agent.sign(identity.blob(), toSign, flags));
        } catch (IOException e) {
            throw new UserAuthException("ssh-agent could not sign with " + identity.comment() + ": "
                    + e.getMessage(), e);
        }
        return req;
    }

    private KeyAlgorithm algorithm() throws UserAuthException {
        try {
            if (algorithms == null) {
                algorithms = new LinkedList<>(params.getTransport().getClientKeyAlgorithms(keyType));
            }
        } catch (TransportException e) {
            throw new UserAuthException("no signature algorithm for agent key " + identity.comment()
                    + " (" + keyType + ")", e);
        }
        KeyAlgorithm a = algorithms.peek();
        if (a == null) {
            throw new UserAuthException("no signature algorithm left for agent key " + identity.comment());
        }
        return a;
    }

    @Override
    public String toString() {
        return "agent key " + identity.comment();
    }
}
