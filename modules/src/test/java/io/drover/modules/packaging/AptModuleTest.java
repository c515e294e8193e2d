package io.drover.modules.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.module.ModuleResult;
import io.drover.modules.ShellModuleContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The apt module against this machine's real dpkg and apt, READ-ONLY: every case either changes nothing by
 * itself or runs in check mode (apt-get --simulate). Nothing is ever installed, removed or marked here.
 */
class AptModuleTest {

    private static final AptModule APT = new AptModule();
    private static String installedPackage;

    @BeforeAll
    static void requireDpkg() throws IOException, InterruptedException {
        // Drover's build machines are Debian (see the README); a missing dpkg is a broken machine, not a skip.
        assertTrue(Files.isExecutable(Path.of("/usr/bin/dpkg-query")) && Files.isExecutable(Path.of("/usr/bin/apt-get")),
                "these tests read this machine's dpkg/apt state: they need a Debian-family machine");
        // Any package that is installed and marked manual, so that no apt-mark run could be due.
        Process p = new ProcessBuilder("sh", "-c", "apt-mark showmanual | grep -x -m1 -e dpkg -e coreutils -e bash").start();
        installedPackage = new String(p.getInputStream().readAllBytes()).strip();
        p.waitFor();
    }

    private static ShellModuleContext check(Map<String, Object> args) {
        return ShellModuleContext.of(APT, args).checkMode(true);
    }

    @Test
    void anInstalledPackageIsOkInOneRoundTrip() {
        ShellModuleContext ctx = check(Map.of("name", installedPackage));
        ModuleResult r = ctx.run();
        assertFalse(r.changed(), r.toString());
        assertFalse(r.failed(), r.toString());
        assertEquals(false, r.data().get("cache_updated"));
        assertTrue(((Number) r.data().get("cache_update_time")).longValue() > 0, r.toString());
        assertEquals(1, ctx.execCount(), ctx.scripts().toString());
    }

    @Test
    void anInstalledManualPackageIsOkWithoutCheckModeTooAndMarksNothing() {
        ShellModuleContext ctx = ShellModuleContext.of(APT, Map.of("name", installedPackage, "state", "present"));
        ModuleResult r = ctx.run();
        assertFalse(r.changed(), r.toString());
        assertEquals(1, ctx.execCount(), ctx.scripts().toString());
    }

    @Test
    void anUnknownPackageFailsWithAnsiblesMessage() {
        ShellModuleContext ctx = check(Map.of("name", "drover-no-such-package"));
        ModuleResult r = ctx.run();
        assertTrue(r.failed(), r.toString());
        assertEquals("No package matching 'drover-no-such-package' is available", r.data().get("msg"));
        assertEquals(1, ctx.execCount());
    }

    @Test
    void absentForAPackageThatIsNotThereIsOkWithoutCacheKeys() {
        ShellModuleContext ctx = ShellModuleContext.of(APT, Map.of("name", "drover-no-such-package", "state", "absent"));
        ModuleResult r = ctx.run();
        assertEquals(Map.of("changed", false), r.data());
        assertEquals(1, ctx.execCount());
    }

    @Test
    void removingAnInstalledPackageIsSimulatedInCheckMode() {
        ShellModuleContext ctx = check(Map.of("name", installedPackage, "state", "absent")).diffMode(true);
        ModuleResult r = ctx.run();
        // dpkg is essential: apt-get refuses to simulate its removal without a confirmation phrase; either way,
        // the module decided to call apt-get remove in a second round trip.
        assertEquals(2, ctx.execCount(), ctx.scripts().toString());
        assertTrue(ctx.scripts().get(1).contains("--simulate") && ctx.scripts().get(1).contains("remove"),
                ctx.scripts().get(1));
        if (r.failed()) {
            assertTrue(String.valueOf(r.data().get("msg")).startsWith("'apt-get remove '" + installedPackage + "'' failed: "),
                    r.toString());
        } else {
            assertTrue(r.changed(), r.toString());
        }
    }

    @Test
    void aFreshCacheIsNotRefreshedAndAStaleOneWouldBeInCheckMode() {
        ShellModuleContext fresh = check(Map.of("update_cache", true, "cache_valid_time", 315_360_000));
        ModuleResult r = fresh.run();
        assertEquals(false, r.data().get("changed"), r.toString());
        assertEquals(false, r.data().get("cache_updated"));
        assertEquals(1, fresh.execCount());

        ShellModuleContext stale = check(Map.of("update_cache", true));
        ModuleResult s = stale.run();
        assertEquals(true, s.data().get("changed"), s.toString());
        assertEquals(true, s.data().get("cache_updated"));
        assertEquals(r.data().get("cache_update_time"), s.data().get("cache_update_time"));
        assertFalse(stale.scripts().get(0).contains("_dvok=1"), "check mode must not run apt-get update");
    }

    @Test
    void wildcardsCostOneMoreQuery() {
        ShellModuleContext ctx = check(Map.of("name", "drover-no-such-*"));
        ModuleResult r = ctx.run();
        assertEquals("No package(s) matching 'drover-no-such-*' available", r.data().get("msg"), r.toString());
        assertEquals(1, ctx.execCount());

        ShellModuleContext found = check(Map.of("name", installedPackage.substring(0, installedPackage.length() - 1) + "?",
                "state", "absent", "purge", false));
        found.run();
        assertTrue(found.execCount() >= 2, found.scripts().toString());
    }

    @Test
    void badSpecsFailBeforeReachingTheHost() {
        ShellModuleContext ctx = check(Map.of("name", "hello==1"));
        ModuleResult r = ctx.run();
        assertEquals("invalid package spec: hello==1", r.data().get("msg"));
        assertEquals(0, ctx.execCount());
        ShellModuleContext deb = check(Map.of("deb", "/tmp/x.deb", "state", "absent"));
        assertEquals("deb only supports state=present", deb.run().data().get("msg"));
    }
}
