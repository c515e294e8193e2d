package io.drover.connection;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The controller itself as a target: each command is a {@code /bin/sh -c} child process, files are written in place
 * with a temporary file and an atomic rename. Thread-safe (nothing is shared between calls).
 */
public final class LocalConnection implements Connection {

    private final String name;
    private final Map<String, String> baseEnv;

    LocalConnection(String name, Map<String, String> baseEnv) {
        this.name = name;
        this.baseEnv = baseEnv;
    }

    @Override
    public CommandResult exec(Command command) throws ConnectionException {
        // env goes into the script, exactly as over ssh, so both connection types see the same quoting rules
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", ShellCommand.withEnv(command.env(), command.script()));
        pb.environment().clear();
        pb.environment().putAll(baseEnv);
        try {
            Process p = pb.start();
            Thread stdin = null;
            if (command.stdin() != null) {
                stdin = StreamDrain.writing(p.getOutputStream(), command.stdin());
            } else {
                p.getOutputStream().close();
            }
            StreamDrain stderr = StreamDrain.reading(p.getErrorStream());
            byte[] out;
            try (var in = p.getInputStream()) {
                out = in.readAllBytes();
            }
            byte[] err = stderr.await();
            if (stdin != null) {
                StreamDrain.join(stdin);
            }
            int rc = p.waitFor();
            return new CommandResult(rc, new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectionException("interrupted while running a local command", e);
        } catch (IOException e) {
            throw new ConnectionException("cannot run /bin/sh on the controller: " + e.getMessage(), e);
        }
    }

    @Override
    public void put(byte[] content, String remotePath, int mode) throws ConnectionException {
        Path target = Path.of(remotePath);
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, ".drover-", "-" + target.getFileName());
            try (OutputStream os = Files.newOutputStream(tmp)) {
                os.write(content);
            }
            // temp files start as 0600; without an explicit mode keep the replaced file's mode, else rw-r--r--
            Files.setPosixFilePermissions(tmp, mode >= 0 ? permissions(mode)
                    : Files.exists(target) ? Files.getPosixFilePermissions(target) : permissions(0644));
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a stray temp file is the worst case
                }
            }
            throw fileError(remotePath, e);
        }
    }

    @Override
    public byte[] get(String remotePath) throws ConnectionException {
        try {
            return Files.readAllBytes(Path.of(remotePath));
        } catch (IOException e) {
            throw fileError(remotePath, e);
        }
    }

    @Override
    public String describe() {
        return name;
    }

    @Override
    public void close() {
    }

    private static RemoteFileException fileError(String path, IOException e) {
        String why = e instanceof NoSuchFileException ? "No such file or directory"
                : e instanceof AccessDeniedException ? "Permission denied"
                : e.getMessage();
        return new RemoteFileException(path + ": " + why, e);
    }

    /** Unix mode bits (e.g. 0644) as NIO permissions; setuid/setgid/sticky bits are not representable here. */
    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
        };
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                set.add(order[bit]);
            }
        }
        return set;
    }
}
