package io.drover.connection;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.DirectConnection;

/**
 * The jump hosts (ProxyJump) of a run: each hop is connected once and shared by every host behind it, each target
 * being one {@code direct-tcpip} channel on the hop's transport. A hop connection carries at most
 * {@code maxTunnels} targets at once; beyond that another connection to the same hop is opened, so a hop's sshd
 * limits are respected however many hosts sit behind it. Concurrent targets wait for the one connection being
 * opened instead of all dialling the bastion at once (sshd's MaxStartups would refuse a burst), and if opening
 * it fails, everyone who waited gets that failure rather than trying again one timeout after another.
 */
final class JumpHosts implements AutoCloseable {

    /** Opens an authenticated transport to a hop (the factory's own open, so a hop may have hops of its own). */
    interface Dialer {
        SshConnectionFactory.Opened dial(ConnectionSpec hop) throws ConnectionException;
    }

    /** A direct-tcpip channel through a hop; closing it frees the hop's slot. */
    static final class Tunnel implements AutoCloseable {
        private final DirectConnection channel;
        private final Pool pool;
        private final Hop hop;
        private boolean closed;

        private Tunnel(DirectConnection channel, Pool pool, Hop hop) {
            this.channel = channel;
            this.pool = pool;
            this.hop = hop;
        }

        DirectConnection channel() {
            return channel;
        }

        @Override
        public void close() {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            try {
                channel.close();
            } catch (IOException | RuntimeException ignored) {
                // the hop may be gone already; the slot is freed either way
            }
            pool.release(hop);
        }
    }

    private static final class Hop {
        final SshConnectionFactory.Opened opened;
        int active;

        Hop(SshConnectionFactory.Opened opened) {
            this.opened = opened;
        }

        boolean alive() {
            SSHClient c = opened.client();
            return c.isConnected() && c.isAuthenticated() && c.getTransport().isRunning();
        }
    }

    /** The connections to one hop. */
    private final class Pool {
        final ConnectionSpec spec;
        final List<Hop> hops = new ArrayList<>();
        volatile int attempts;
        ConnectionException lastFailure;

        Pool(ConnectionSpec spec) {
            this.spec = spec;
        }

        Hop lease() throws ConnectionException {
            int seen = attempts;
            synchronized (this) {
                hops.removeIf(h -> {
                    if (h.active == 0 && !h.alive()) {
                        h.opened.close();
                        return true;
                    }
                    return false;
                });
                for (Hop h : hops) {
                    if (h.active < maxTunnels && h.alive()) {
                        h.active++;
                        return h;
                    }
                }
                if (attempts != seen && lastFailure != null) {
                    // another target just tried this hop and failed while we waited: same answer, no new wait
                    throw new ConnectionException(lastFailure.getMessage(), lastFailure);
                }
                attempts++;
                try {
                    Hop h = new Hop(dialer.dial(spec));
                    lastFailure = null;
                    h.active++;
                    hops.add(h);
                    synchronized (opened) {
                        opened.add(h);
                    }
                    return h;
                } catch (ConnectionException e) {
                    lastFailure = e;
                    throw e;
                }
            }
        }

        synchronized void release(Hop hop) {
            hop.active--;
        }
    }

    private final Dialer dialer;
    private final int maxTunnels;
    private final ConcurrentHashMap<ConnectionSpec, Pool> pools = new ConcurrentHashMap<>();
    private final List<Hop> opened = new ArrayList<>();

    JumpHosts(Dialer dialer, int maxTunnels) {
        this.dialer = dialer;
        this.maxTunnels = maxTunnels;
    }

    /**
     * A channel from {@code hop} to {@code host:port}. Throws {@link ConnectionException} when the hop cannot be
     * reached, {@link IOException} when the hop refuses or fails to open the channel.
     */
    Tunnel open(ConnectionSpec hop, String host, int port) throws ConnectionException, IOException {
        Pool pool = pools.computeIfAbsent(hop, Pool::new);
        Hop h = pool.lease();
        try {
            DirectConnection channel = new TunnelChannel(h.opened.client().getConnection(), host, port);
            channel.open();
            return new Tunnel(channel, pool, h);
        } catch (IOException | RuntimeException e) {
            pool.release(h);
            throw e;
        }
    }

    /**
     * A direct-tcpip channel whose input stream ignores {@code close()}. sshj closes a client's streams when it
     * disconnects, before the channel is closed; sshj treats data then arriving on a closed channel stream as a
     * protocol error that kills the whole transport: the bastion connection and every other host behind it. The
     * stream ends properly when the channel closes ({@link Tunnel#close()}).
     */
    private static final class TunnelChannel extends DirectConnection {
        TunnelChannel(net.schmizz.sshj.connection.Connection conn, String host, int port) {
            super(conn, host, port);
        }

        @Override
        public InputStream getInputStream() {
            return new FilterInputStream(super.getInputStream()) {
                @Override
                public void close() {
                    // see the class comment: the channel's close ends this stream
                }
            };
        }
    }

    /** How many connections to hops are open (for tests). */
    int openHops() {
        synchronized (opened) {
            return (int) opened.stream().filter(Hop::alive).count();
        }
    }

    /** Closes every hop connection, the last opened (possibly riding on earlier ones) first. */
    @Override
    public void close() {
        List<Hop> all;
        synchronized (opened) {
            all = new ArrayList<>(opened);
            opened.clear();
        }
        for (Hop h : all.reversed()) {
            h.opened.close();
        }
    }
}
