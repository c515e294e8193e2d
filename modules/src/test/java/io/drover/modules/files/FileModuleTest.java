package io.drover.modules.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.module.ModuleResult;
import io.drover.modules.ShellModuleContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** file against this machine's /bin/sh: every state, results, round trips, check mode. */
class FileModuleTest {

    @TempDir
    Path dir;

    private static ShellModuleContext ctx(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return ShellModuleContext.of(new FileModule(), m);
    }

    private static String perms(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void directoryWithParentsThenUnchanged() throws IOException {
        Path d = dir.resolve("a/b/c");
        ShellModuleContext c = ctx("path", d.toString(), "state", "directory", "mode", "u=rwx,g=rx,o=");
        ModuleResult r = c.run();
        assertTrue(r.changed(), r.toString());
        assertEquals(2, c.execCount());
        assertEquals("rwxr-x---", perms(d));
        assertEquals("rwxr-x---", perms(dir.resolve("a")), "created parents get the mode too, as in Ansible");
        assertEquals("directory", r.data().get("state"));
        assertEquals("0750", r.data().get("mode"));
        ShellModuleContext again = ctx("path", d.toString(), "state", "directory", "mode", "u=rwx,g=rx,o=");
        assertFalse(again.run().changed());
        assertEquals(1, again.execCount(), "nothing to do costs one round trip");
    }

    @Test
    void checkModeCreatesNothingButPredictsWithDiff() {
        Path d = dir.resolve("x");
        ShellModuleContext c = ctx("path", d.toString(), "state", "directory").checkMode(true).diffMode(true);
        ModuleResult r = c.run();
        assertTrue(r.changed());
        assertEquals(1, c.execCount());
        assertFalse(Files.exists(d));
        assertEquals(Map.of("before", Map.of("path", d.toString(), "state", "absent"),
                "after", Map.of("path", d.toString(), "state", "directory")), r.data().get("diff"));
    }

    @Test
    void fileStateNeedsAnExistingFileAndChangesModes() throws IOException {
        Path f = dir.resolve("f");
        ModuleResult missing = ctx("path", f.toString()).run();
        assertTrue(missing.failed());
        assertEquals("file (" + f + ") is absent, cannot continue", missing.data().get("msg"));
        Files.writeString(f, "x");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        ModuleResult r = ctx("path", f.toString(), "mode", "0600").run();
        assertTrue(r.changed());
        assertEquals("rw-------", perms(f));
        assertEquals("0600", r.data().get("mode"));
        assertFalse(ctx("path", f.toString(), "mode", "u=rw,go=").run().changed(), "symbolic mode equal to current");
    }

    @Test
    void linksHardLinksTouchAndAbsent() throws IOException {
        Path target = dir.resolve("t");
        Files.writeString(target, "t");
        Path link = dir.resolve("l");
        ModuleResult l = ctx("path", link.toString(), "src", "t", "state", "link").run();
        assertTrue(l.changed(), l.toString());
        assertEquals("t", Files.readSymbolicLink(link).toString());
        assertEquals("link", l.data().get("state"));
        assertEquals("t", l.data().get("src"));
        assertFalse(ctx("path", link.toString(), "src", "t", "state", "link").run().changed());
        ModuleResult dangling = ctx("path", dir.resolve("d").toString(), "src", "nope", "state", "link").run();
        assertTrue(dangling.failed());
        assertTrue(((String) dangling.data().get("msg")).startsWith("src file does not exist, use \"force=yes\""));

        Path hard = dir.resolve("h");
        ModuleResult h = ctx("path", hard.toString(), "src", target.toString(), "state", "hard").run();
        assertTrue(h.changed(), h.toString());
        assertEquals(Files.getAttribute(target, "unix:ino"), Files.getAttribute(hard, "unix:ino"));
        assertFalse(ctx("path", hard.toString(), "src", target.toString(), "state", "hard").run().changed());

        Path touched = dir.resolve("new");
        ModuleResult t = ctx("path", touched.toString(), "state", "touch", "mode", "0640").run();
        assertTrue(t.changed());
        assertEquals("rw-r-----", perms(touched));
        assertTrue(ctx("path", touched.toString(), "state", "touch").run().changed(), "touch always changes");
        ModuleResult kept = ctx("path", touched.toString(), "state", "touch", "modification_time", "preserve",
                "access_time", "preserve").run();
        assertFalse(kept.changed());

        ModuleResult gone = ctx("path", touched.toString(), "state", "absent").run();
        assertTrue(gone.changed());
        assertFalse(Files.exists(touched));
        ModuleResult again = ctx("path", touched.toString(), "state", "absent").run();
        assertFalse(again.changed());
        assertEquals("absent", again.data().get("state"));
    }

    @Test
    void recurseAppliesModesBelow() throws IOException {
        Path top = Files.createDirectories(dir.resolve("top/sub"));
        Files.writeString(top.resolve("f"), "f");
        ModuleResult r = ctx("path", dir.resolve("top").toString(), "state", "directory", "recurse", true,
                "mode", "u=rwX,g=rX,o=").run();
        assertTrue(r.changed(), r.toString());
        assertEquals("rw-r-----", perms(top.resolve("f")));
        assertEquals("rwxr-x---", perms(top));
        assertFalse(ctx("path", dir.resolve("top").toString(), "state", "directory", "recurse", true,
                "mode", "u=rwX,g=rX,o=").run().changed());
    }

    @Test
    void modificationTimeInAnsiblesFormat() throws IOException {
        Path f = dir.resolve("m");
        Files.writeString(f, "m");
        ModuleResult r = ctx("path", f.toString(), "state", "file", "modification_time", "202001020304.05").run();
        assertTrue(r.changed(), r.toString());
        long mtime = Files.getLastModifiedTime(f).toInstant().getEpochSecond();
        long expected = java.time.LocalDateTime.of(2020, 1, 2, 3, 4, 5)
                .atZone(java.time.ZoneId.systemDefault()).toEpochSecond();
        assertEquals(expected, mtime);
    }
}
