package io.drover.connection;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import javax.net.SocketFactory;

/**
 * OpenSSH's ProxyCommand: {@code /bin/sh -c command} whose stdin and stdout carry the SSH stream, presented to sshj
 * as an already connected socket. Closing the socket ends the command (by its process handle, then forcibly); the
 * command's stderr is kept (the last 8 KiB) to explain a failure.
 */
final class ProxyCommandSocket extends Socket {

    private static final int STDERR_KEPT = 8192;

    private final String command;
    private final int port;
    private final Process process;
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final Thread stderrReader;
    private volatile boolean closed;

    private ProxyCommandSocket(String command, int port, Process process) {
        this.command = command;
        this.port = port;
        this.process = process;
        this.stderrReader = Thread.ofVirtual().name("drover-proxycommand-stderr").start(this::drainStderr);
    }

    /** Starts the command, which leads to the SSH server on {@code port} of the target. */
    static ProxyCommandSocket start(String command, int port) throws IOException {
        Process p = new ProcessBuilder("/bin/sh", "-c", command).start();
        return new ProxyCommandSocket(command, port, p);
    }

    /** A socket factory handing sshj this one socket. */
    SocketFactory factory() {
        ProxyCommandSocket self = this;
        return new SocketFactory() {
            @Override
            public Socket createSocket() {
                return self;
            }

            @Override
            public Socket createSocket(String host, int port) {
                return self;
            }

            @Override
            public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
                return self;
            }

            @Override
            public Socket createSocket(InetAddress host, int port) {
                return self;
            }

            @Override
            public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) {
                return self;
            }
        };
    }

    /** The command, for messages. */
    String command() {
        return command;
    }

    /** What the command wrote to stderr so far (waits briefly for it to finish when it has exited). */
    String stderr() {
        if (!process.isAlive()) {
            try {
                stderrReader.join(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (stderr) {
            return stderr.toString(StandardCharsets.UTF_8).strip();
        }
    }

    /** The command's exit status if it has ended, else null. */
    Integer exitStatus() {
        try {
            return process.waitFor(200, TimeUnit.MILLISECONDS) ? process.exitValue() : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The process (for tests: it must be gone once the connection closed). */
    ProcessHandle handle() {
        return process.toHandle();
    }

    private void drainStderr() {
        byte[] buf = new byte[4096];
        try (InputStream err = process.getErrorStream()) {
            int n;
            while ((n = err.read(buf)) > 0) {
                synchronized (stderr) {
                    stderr.write(buf, 0, n);
                    if (stderr.size() > 2 * STDERR_KEPT) {
                        byte[] all = stderr.toByteArray();
                        stderr.reset();
                        stderr.write(all, all.length - STDERR_KEPT, STDERR_KEPT);
                    }
                }
            }
        } catch (IOException ended) {
            // the process is gone; what we read is all there is
        }
    }

    @Override
    public void connect(SocketAddress endpoint, int timeout) {
        // already connected: the command is the connection
    }

    @Override
    public boolean isConnected() {
        return true;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public InputStream getInputStream() {
        return process.getInputStream();
    }

    @Override
    public OutputStream getOutputStream() {
        return process.getOutputStream();
    }

    @Override
    public void setSoTimeout(int timeout) {
        // pipes have no read timeout; the handshake deadline closes the socket instead
    }

    @Override
    public void setTcpNoDelay(boolean on) {
        // not a TCP socket
    }

    @Override
    public boolean getTcpNoDelay() {
        return false;
    }

    @Override
    public InetAddress getInetAddress() {
        return null;
    }

    @Override
    public int getPort() {
        return port; // sshj reports this as the server's port (host key lookup, messages)
    }

    @Override
    public InetAddress getLocalAddress() {
        return InetAddress.getLoopbackAddress();
    }

    @Override
    public int getLocalPort() {
        return 0;
    }

    /** Ends the command: its stdin closes (ssh -W then exits by itself), then TERM, then KILL. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // it may already be gone
        }
        ProcessHandle h = process.toHandle();
        h.descendants().forEach(ProcessHandle::destroy);
        h.destroy();
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                h.descendants().forEach(ProcessHandle::destroyForcibly);
                h.destroyForcibly();
                process.waitFor(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            h.destroyForcibly();
        }
    }
}
