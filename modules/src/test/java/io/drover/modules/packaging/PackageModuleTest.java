package io.drover.modules.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.module.ModuleResult;
import io.drover.modules.ShellModuleContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** package on this machine, read-only (check mode or no-op cases only). */
class PackageModuleTest {

    private static final PackageModule PACKAGE = new PackageModule();

    @Test
    void theGatheredFactPicksAptWithoutAnExtraRoundTrip() {
        assertTrue(Files.isExecutable(Path.of("/usr/bin/apt-get")), "this test runs apt-get on this (Debian) machine");
        ShellModuleContext ctx = ShellModuleContext.of(PACKAGE, Map.of("name", "drover-no-such-package", "state", "absent"))
                .var("ansible_facts", Map.of("pkg_mgr", "apt"));
        ModuleResult r = ctx.run();
        assertEquals(Map.of("changed", false), r.data());
        assertEquals(1, ctx.execCount());
    }

    @Test
    void withoutFactsTheManagerIsDetectedOnTheTarget() {
        assertTrue(Files.isExecutable(Path.of("/usr/bin/apt-get")), "this test runs apt-get on this (Debian) machine");
        ShellModuleContext ctx = ShellModuleContext.of(PACKAGE, Map.of("name", "drover-no-such-package")).checkMode(true);
        ModuleResult r = ctx.run();
        assertEquals("No package matching 'drover-no-such-package' is available", r.data().get("msg"), r.toString());
        assertEquals(2, ctx.execCount());
    }

    @Test
    void argumentsAreTheBackendsAndOtherManagersAreMissing() {
        ModuleResult bad = ShellModuleContext.of(PACKAGE, Map.of("name", "x", "use", "apt", "frobnicate", true)).run();
        assertTrue(bad.failed());
        assertTrue(String.valueOf(bad.data().get("msg")).startsWith("Unsupported parameters for (ansible.legacy.apt) module: frobnicate."),
                bad.toString());
        ShellModuleContext yum = ShellModuleContext.of(PACKAGE, Map.of("name", "x", "use", "yum"));
        assertEquals("Could not find a module for yum.", yum.run().data().get("msg"));
        assertEquals(0, yum.execCount());
        assertFalse(bad.changed());
    }
}
