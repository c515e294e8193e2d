package io.drover.connection;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.OpenFailException;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.sftp.FileAttributes;
import net.schmizz.sshj.sftp.OpenMode;
import net.schmizz.sshj.sftp.RemoteFile;
import net.schmizz.sshj.sftp.Response;
import net.schmizz.sshj.sftp.SFTPClient;
import net.schmizz.sshj.sftp.SFTPEngine;
import net.schmizz.sshj.sftp.SFTPException;

/**
 * One host over one sshj transport, kept open for the whole run. Every {@link #exec} opens a session channel on it
 * (no new TCP connection, no new key exchange); files move over one SFTP channel opened on first use.
 *
 * <p>Thread-safe: commands and transfers may run concurrently. A semaphore keeps the number of open channels below
 * sshd's {@code MaxSessions}; the SFTP channel, once open, holds one permit until the connection closes.
 */
public final class SshConnection implements Connection {

    private static final String POSIX_RENAME = "posix-rename@openssh.com";
    private static final int WRITE_CHUNK = 32 * 1024;
    private static final int IN_FLIGHT = 16;

    private final ConnectionSpec spec;
    private final SSHClient client;
    private final Semaphore channels;
    private final AutoCloseable underlying;
    private final ReentrantLock sftpLock = new ReentrantLock();
    private SFTPClient sftp;

    /**
     * @param underlying what carries the transport besides sshj's own socket (a tunnel through a jump host, a
     *                   ProxyCommand process), released after the client closes; may be null
     */
    SshConnection(ConnectionSpec spec, SSHClient client, int maxChannels, AutoCloseable underlying) {
        this.spec = spec;
        this.client = client;
        this.channels = new Semaphore(maxChannels, true);
        this.underlying = underlying;
    }

    @Override
    public CommandResult exec(Command command) throws ConnectionException {
        String line = ShellCommand.commandLine(command);
        acquireChannel();
        try (Session session = withChannelRetry(client::startSession)) {
            Session.Command cmd = session.exec(line);
            Thread stdin = null;
            if (command.stdin() != null) {
                stdin = StreamDrain.writing(cmd.getOutputStream(), command.stdin());
            } else {
                cmd.getOutputStream().close();
            }
            StreamDrain stderr = StreamDrain.reading(cmd.getErrorStream());
            byte[] out = readAll(cmd.getInputStream());
            byte[] err = stderr.await();
            if (stdin != null) {
                StreamDrain.join(stdin);
            }
            // stdout can end before the process does (it may close it early): wait for the channel to close
            cmd.join();
            Integer status = cmd.getExitStatus();
            String stderrText = new String(err, StandardCharsets.UTF_8);
            if (status == null) {
                // killed by a signal (or the server sent no status): no exit code exists, report -1 and say why
                String why = cmd.getExitSignal() != null
                        ? "Killed by signal " + cmd.getExitSignal()
                        : "Command ended without an exit status";
                if (cmd.getExitErrorMessage() != null && !cmd.getExitErrorMessage().isEmpty()) {
                    why += ": " + cmd.getExitErrorMessage();
                }
                stderrText = stderrText + (stderrText.isEmpty() || stderrText.endsWith("\n") ? "" : "\n") + why;
                return new CommandResult(-1, new String(out, StandardCharsets.UTF_8), stderrText);
            }
            return new CommandResult(status, new String(out, StandardCharsets.UTF_8), stderrText);
        } catch (IOException e) {
            throw broken(e);
        } finally {
            channels.release();
        }
    }

    /** Something that opens a channel. */
    private interface ChannelOpener<T> {
        T open() throws IOException;
    }

    /**
     * Opens a channel, waiting and retrying while sshd refuses it for lack of sessions. The semaphore keeps us below
     * MaxSessions as we count, but sshd frees a session slot only once it has processed our channel close, a moment
     * after we released the permit; a target may also set MaxSessions lower than the default.
     */
    private <T> T withChannelRetry(ChannelOpener<T> opener) throws IOException {
        long delayMs = 2;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                return opener.open();
            } catch (IOException e) {
                if (!refusedForLackOfSessions(e) || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(delayMs);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for a free channel", ie);
            }
            delayMs = Math.min(delayMs * 2, 100);
        }
    }

    private static boolean refusedForLackOfSessions(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OpenFailException ofe) {
                // OpenSSH answers a session over MaxSessions with CONNECT_FAILED "open failed"; others differ
                return ofe.getReason() != OpenFailException.Reason.UNKNOWN_CHANNEL_TYPE;
            }
        }
        return false;
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    @Override
    public void put(byte[] content, String remotePath, int mode) throws ConnectionException {
        SFTPClient s = sftp();
        String tmp = tempNameFor(remotePath);
        try {
            FileAttributes attrs = mode >= 0
                    ? new FileAttributes.Builder().withPermissions(mode).build()
                    : FileAttributes.EMPTY;
            try (RemoteFile f = s.open(tmp, EnumSet.of(OpenMode.WRITE, OpenMode.CREAT, OpenMode.EXCL), attrs)) {
                try (OutputStream os = f.new RemoteFileOutputStream(0, IN_FLIGHT)) {
                    for (int off = 0; off < content.length; off += WRITE_CHUNK) {
                        os.write(content, off, Math.min(WRITE_CHUNK, content.length - off));
                    }
                }
                if (mode >= 0) {
                    // the mode given at open time is filtered by sshd's umask; set it exactly
                    f.setAttributes(attrs);
                }
            }
            rename(s, tmp, remotePath);
        } catch (SFTPException e) {
            removeQuietly(s, tmp);
            throw fileError(e, remotePath);
        } catch (IOException e) {
            removeQuietly(s, tmp);
            throw broken(e);
        }
    }

    @Override
    public byte[] get(String remotePath) throws ConnectionException {
        SFTPClient s = sftp();
        try (RemoteFile f = s.open(remotePath, EnumSet.of(OpenMode.READ));
             InputStream in = f.new ReadAheadRemoteFileInputStream(IN_FLIGHT)) {
            return in.readAllBytes();
        } catch (SFTPException e) {
            throw fileError(e, remotePath);
        } catch (IOException e) {
            throw broken(e);
        }
    }

    /** Whether Nagle's algorithm is off on the transport's socket (for tests; false when tunnelled). */
    boolean tcpNoDelay() throws IOException {
        return client.getSocket() != null && client.getSocket().getTcpNoDelay();
    }

    @Override
    public String describe() {
        return spec.inventoryName();
    }

    @Override
    public void close() {
        sftpLock.lock();
        try {
            if (sftp != null) {
                sftp.close();
                sftp = null;
            }
        } catch (IOException ignored) {
            // the transport is closed next anyway
        } finally {
            sftpLock.unlock();
        }
        try {
            client.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
        if (underlying != null) {
            try {
                underlying.close();
            } catch (Exception ignored) {
                // the tunnel or proxy is being torn down anyway
            }
        }
    }

    /** The SFTP client, opened on first use; it keeps one channel (and one permit) for the rest of the run. */
    private SFTPClient sftp() throws ConnectionException {
        sftpLock.lock();
        try {
            if (sftp == null) {
                acquireChannel();
                try {
                    sftp = withChannelRetry(client::newSFTPClient);
                } catch (IOException e) {
                    channels.release();
                    throw broken(e);
                }
            }
            return sftp;
        } finally {
            sftpLock.unlock();
        }
    }

    /**
     * Replaces {@code target} with {@code tmp} in one step. Plain SFTP (v3) rename refuses to overwrite, so use
     * OpenSSH's posix-rename extension when offered and {@code mv -f} otherwise.
     */
    private void rename(SFTPClient s, String tmp, String target) throws IOException, ConnectionException {
        SFTPEngine engine = s.getSFTPEngine();
        if (hasPosixRename(engine)) {
            Response r = engine.request(engine.newExtendedRequest(POSIX_RENAME).putString(tmp).putString(target))
                    .retrieve(engine.getTimeoutMs(), TimeUnit.MILLISECONDS);
            r.ensureStatusPacketIsOK();
            return;
        }
        CommandResult mv = exec(Command.of("mv -f " + ShellCommand.quote(tmp) + " " + ShellCommand.quote(target)));
        if (mv.exitCode() != 0) {
            throw new RemoteFileException("cannot move " + tmp + " to " + target + ": " + mv.stderr().strip());
        }
    }

    private static boolean hasPosixRename(SFTPEngine engine) {
        return engine.supportsServerExtension("posix-rename", "openssh.com");
    }

    /** Whether the server's SFTP offers atomic overwriting renames (for tests). */
    boolean hasPosixRename() throws ConnectionException {
        return hasPosixRename(sftp().getSFTPEngine());
    }

    private static String tempNameFor(String remotePath) {
        int slash = remotePath.lastIndexOf('/');
        String dir = slash < 0 ? "" : remotePath.substring(0, slash + 1);
        String base = remotePath.substring(slash + 1);
        byte[] random = new byte[6];
        ThreadLocalRandom.current().nextBytes(random);
        return dir + ".drover-" + HexFormat.of().formatHex(random) + "-" + base;
    }

    private static void removeQuietly(SFTPClient s, String path) {
        try {
            s.rm(path);
        } catch (IOException ignored) {
            // most likely never created; a stray temp file is the worst case
        }
    }

    private void acquireChannel() throws ConnectionException {
        try {
            channels.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectionException("interrupted while waiting for a channel to " + spec.inventoryName(), e);
        }
    }

    private static RemoteFileException fileError(SFTPException e, String path) {
        String why = switch (e.getStatusCode()) {
            case NO_SUCH_FILE -> "No such file or directory";
            case PERMISSION_DENIED -> "Permission denied";
            case FAILURE -> "Failure";
            default -> e.getMessage();
        };
        return new RemoteFileException(path + ": " + why, e);
    }

    /** The transport broke mid-run: the host becomes unreachable, in the words ansible-playbook uses. */
    private ConnectionException broken(IOException e) {
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (!client.isConnected()) {
            return new ConnectionException(SshConnectionFactory.PREFIX + "Shared connection to "
                    + spec.address() + " closed. (" + detail + ")", e);
        }
        return new ConnectionException(SshConnectionFactory.PREFIX + detail, e);
    }
}
