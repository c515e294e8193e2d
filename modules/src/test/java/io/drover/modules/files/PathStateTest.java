package io.drover.modules.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The probe's output format, as GNU stat and busybox stat print it. */
class PathStateTest {

    @Test
    void regularFileWithChecksum() {
        PathState s = PathState.parse("/etc/x", """
                S 81a4|0|0|root|root|10|1|16040088|65024|8|4096|0|0|2026-11-25 23:49:34.864478677 +0000|2026-11-25 23:49:35.5 +0000|2026-11-25 23:49:36.000000000 +0000
                P rw
                C 0786ddb7b9ff903224e105e5d507ffd9a41323e7
                """);
        assertTrue(s.exists() && s.isFile());
        assertEquals(0644, s.mode());
        assertEquals("root", s.owner());
        assertEquals(10, s.size());
        assertEquals(4096, s.blockSize());
        assertEquals(1795650574.864478677, s.mtime(), 1e-6);
        assertEquals(1795650575.5, s.atime(), 1e-9);
        assertEquals("0786ddb7b9ff903224e105e5d507ffd9a41323e7", s.checksum());
        assertTrue(s.readable() && s.writeable());
        assertFalse(s.executable());
        assertEquals("file", s.ansibleState());
    }

    @Test
    void symlinkAndUnknownOwnerAndHardLinks() {
        PathState l = PathState.parse("/l", """
                S a1ff|1000|1000|UNKNOWN|UNKNOWN|1|1|5|2049|0|4096|0|0|2026-01-01 00:00:00 +0100|2026-01-01 00:00:00 +0100|2026-01-01 00:00:00 +0100
                L t
                R /real/t
                P rw
                """);
        assertTrue(l.isLink());
        assertEquals("link", l.ansibleState());
        assertEquals("t", l.linkTarget());
        assertEquals("/real/t", l.linkSource());
        assertNull(l.owner());
        assertEquals("1000", l.ownerName());
        assertEquals(1767222000.0, l.mtime(), 1e-9);
        PathState h = PathState.parse("/h", "S 81a4|0|0|root|root|1|2|5|2049|0|4096|0|0|1700000000|1700000000|1700000000\n");
        assertEquals("hard", h.ansibleState());
    }

    @Test
    void absentAndErrors() {
        assertFalse(PathState.parse("/n", "A\n").exists());
        PathState e = PathState.parse("/p", "E stat: cannot statx '/p': Permission denied\n");
        assertFalse(e.exists());
        assertEquals("stat: cannot statx '/p': Permission denied", e.error());
        assertEquals(PathState.makedev(8, 1), PathState.parse("/dev/sda1",
                "S 61b0|0|6|root|disk|0|1|300|5|0|4096|8|1|1700000000|1700000000|1700000000\n").rdev());
    }
}
