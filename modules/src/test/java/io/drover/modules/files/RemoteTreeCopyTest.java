package io.drover.modules.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.module.ModuleResult;
import io.drover.modules.ShellModuleContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** copy with remote_src and a directory, against this machine's /bin/sh: where files land, merges, check mode. */
class RemoteTreeCopyTest {

    @TempDir
    Path dir;
    Path src;

    @BeforeEach
    void tree() throws IOException {
        src = dir.resolve("src");
        Files.createDirectories(src.resolve("sub"));
        Files.writeString(src.resolve("a.txt"), "alpha\n");
        Files.writeString(src.resolve("sub/run.sh"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(src.resolve("sub/run.sh"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.createDirectories(src.resolve(".git"));
        Files.writeString(src.resolve(".git/HEAD"), "ref\n");
        Files.createSymbolicLink(src.resolve("link"), Path.of("a.txt"));
    }

    private static ShellModuleContext copy(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        m.put("remote_src", true);
        return ShellModuleContext.of(new CopyModule(), m);
    }

    /** Relative path → type, mode and content (or link target). */
    private static Map<String, String> listing(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                String perms = Files.isSymbolicLink(p) ? "link" : PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
                String what = Files.isSymbolicLink(p) ? Files.readSymbolicLink(p).toString()
                        : Files.isDirectory(p) ? "dir" : Files.readString(p);
                out.put(root.relativize(p).toString(), perms + " " + what);
            }
        }
        return out;
    }

    @Test
    void contentsToANewDestThenUnchangedInOneRoundTrip() throws IOException {
        Path dest = dir.resolve("dest");
        ShellModuleContext check = copy("src", src + "/", "dest", dest.toString()).checkMode(true);
        assertTrue(check.run().changed());
        assertFalse(Files.exists(dest), "check mode created dest");

        ShellModuleContext first = copy("src", src + "/", "dest", dest.toString());
        ModuleResult r = first.run();
        assertTrue(r.changed(), r.toString());
        assertEquals(1, first.execCount());
        // local_follow (default) copies what a link points at.
        Map<String, String> expected = listing(src);
        expected.put("link", expected.get("a.txt"));
        assertEquals(expected, listing(dest));
        assertEquals(dest.toString(), r.data().get("dest"));
        assertEquals("directory", r.data().get("state"));
        assertTrue(r.data().containsKey("checksum") && r.data().get("checksum") == null);

        ShellModuleContext again = copy("src", src + "/", "dest", dest.toString());
        ModuleResult r2 = again.run();
        assertFalse(r2.changed(), r2.toString());
        assertEquals(1, again.execCount());
        assertEquals(dest + "/", r2.data().get("dest"), "an existing dest is joined with src's empty basename");
    }

    @Test
    void mergeReplacesDifferingFilesKeepsExtrasAndSkipsVcsDirectories() throws IOException {
        Path dest = dir.resolve("dest");
        Files.createDirectories(dest.resolve("sub"));
        Files.writeString(dest.resolve("a.txt"), "old\n");
        Files.writeString(dest.resolve("extra"), "mine\n");
        ModuleResult check = copy("src", src + "/", "dest", dest.toString()).checkMode(true).run();
        assertTrue(check.changed());
        assertEquals("old\n", Files.readString(dest.resolve("a.txt")));

        ModuleResult r = copy("src", src + "/", "dest", dest.toString(), "mode", "0750").run();
        assertTrue(r.changed(), r.toString());
        assertEquals("alpha\n", Files.readString(dest.resolve("a.txt")));
        assertEquals("mine\n", Files.readString(dest.resolve("extra")));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(dest.resolve("sub/run.sh"))));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(dest)));
        assertFalse(Files.exists(dest.resolve(".git")), "dircmp ignores .git");
        assertFalse(copy("src", src + "/", "dest", dest.toString(), "mode", "0750").run().changed());
    }

    @Test
    void withoutTrailingSlashTheDirectoryItselfLandsInDest() throws IOException {
        Path into = dir.resolve("into");
        Files.createDirectories(into);
        ShellModuleContext first = copy("src", src.toString(), "dest", into.toString(), "local_follow", false);
        ModuleResult r = first.run();
        assertTrue(r.changed(), r.toString());
        assertEquals(2, first.execCount(), "the file query finds a directory, then the tree copy");
        assertEquals(into.resolve("src").toString(), r.data().get("dest"));
        assertEquals(listing(src), listing(into.resolve("src")), "local_follow: false keeps links");

        Path missing = dir.resolve("new");
        assertTrue(copy("src", src.toString(), "dest", missing.toString()).run().changed());
        assertEquals("alpha\n", Files.readString(missing.resolve("src/a.txt")), "a missing dest gets dest/basename");

        Path slash = dir.resolve("made/deep");
        assertTrue(copy("src", src.toString(), "dest", slash + "/", "directory_mode", "0700").run().changed());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(slash)));
        assertTrue(Files.isRegularFile(slash.resolve("src/sub/run.sh")));
    }

    @Test
    void missingSourceAndForceNoAreReportedLikeAnsible() throws IOException {
        ModuleResult missing = copy("src", dir.resolve("nope") + "/", "dest", dir.resolve("d").toString()).run();
        assertTrue(missing.failed());
        assertEquals("Source " + dir.resolve("nope") + "/ not found", missing.data().get("msg"));

        Path into = dir.resolve("into");
        Files.createDirectories(into.resolve("src"));
        ModuleResult kept = copy("src", src.toString(), "dest", into.toString(), "force", false).run();
        assertFalse(kept.changed());
        assertEquals("file already exists", kept.data().get("msg"));
        assertFalse(Files.exists(into.resolve("src/a.txt")));
    }
}
