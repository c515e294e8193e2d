package io.drover.connection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalConnectionTest {

    @TempDir
    Path tmp;

    private final LocalConnectionFactory factory = new LocalConnectionFactory(
            Map.of("PATH", "/usr/bin:/bin", "HOME", "/tmp", "JAVA_TOOL_OPTIONS", "-Xmx1m", "KEEP", "kept"));
    private final Connection conn = factory.open(new ConnectionSpec("local", "localhost", "localhost", 22, null,
            List.of(), null, false, List.of(), null));

    @Test
    void runsShellWithExitCodesStreamsAndStdin() throws Exception {
        assertEquals(new CommandResult(0, "hi\n", ""), conn.exec(Command.of("echo hi")));
        assertEquals(new CommandResult(2, "", "bad\n"), conn.exec(Command.of("echo bad >&2; exit 2")));
        assertEquals("A B\n", conn.exec(new Command("tr a-z A-Z", "a b\n".getBytes(), Map.of())).stdout());
        assertEquals("localhost", conn.describe());
    }

    @Test
    void environmentIsTheControllersMinusJvmSettingsPlusTheCommands() throws Exception {
        CommandResult r = conn.exec(new Command("echo \"$KEEP|${JAVA_TOOL_OPTIONS:-unset}|$EXTRA\"", null,
                Map.of("EXTRA", "it's $x")));
        assertEquals("kept|unset|it's $x\n", r.stdout());
    }

    @Test
    void largeOutputAndInputFlowTogether() throws Exception {
        byte[] input = new byte[8 * 1024 * 1024];
        Arrays.fill(input, (byte) 'y');
        CommandResult r = conn.exec(new Command("cat; head -c 1048576 /dev/zero >&2", input, Map.of()));
        assertEquals(input.length, r.stdout().length());
        assertEquals(1024 * 1024, r.stderr().length());
    }

    @Test
    void concurrentCommands() throws Exception {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<CommandResult>> results = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String n = String.valueOf(i);
                results.add(pool.submit(() -> conn.exec(Command.of("echo " + n))));
            }
            for (int i = 0; i < 20; i++) {
                assertEquals(i + "\n", results.get(i).get().stdout());
            }
        }
    }

    @Test
    void putReplacesAtomicallyWithModeAndGetReads() throws Exception {
        Path target = tmp.resolve("f.conf");
        conn.put("one".getBytes(), target.toString(), 0640);
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        Object inode = Files.getAttribute(target, "unix:ino");
        conn.put("two".getBytes(), target.toString(), 0755);
        assertArrayEquals("two".getBytes(), conn.get(target.toString()));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        assertNotEquals(inode, Files.getAttribute(target, "unix:ino"));
        // without a mode the replaced file keeps its mode
        conn.put("three".getBytes(), target.toString(), -1);
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        try (var files = Files.list(tmp)) {
            assertEquals(List.of(target), files.toList());
        }
    }

    @Test
    void fileErrorsAreRemoteFileExceptions() {
        RemoteFileException e = assertThrows(RemoteFileException.class, () -> conn.get(tmp + "/missing"));
        assertEquals(tmp + "/missing: No such file or directory", e.getMessage());
        assertThrows(RemoteFileException.class, () -> conn.put(new byte[0], tmp + "/no/dir/f", 0644));
    }

    @Test
    void shellQuotingRoundTrips() throws Exception {
        for (String s : List.of("", "plain", "it's", "a b", "$HOME", "`x`", "\"q\"", "tab\there", "new\nline")) {
            assertEquals(s, conn.exec(Command.of("printf %s " + ShellCommand.quote(s))).stdout());
        }
    }
}
