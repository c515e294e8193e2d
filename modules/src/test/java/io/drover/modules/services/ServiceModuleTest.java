package io.drover.modules.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.module.ModuleResult;
import io.drover.modules.ShellModuleContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service module on systemd hosts: the systemd module's behaviour with the service action's argument handling. */
class ServiceModuleTest {

    @TempDir
    Path dir;

    private ShellModuleContext onSystemd(FakeSystemd fake, Object... kv) {
        return fake.context(new ServiceModule(), kv).var("ansible_facts", Map.of("service_mgr", "systemd"));
    }

    @Test
    void runsTheSystemdModuleAndWarnsAboutOptionsSystemdIgnores() {
        FakeSystemd fake = FakeSystemd.in(dir).unit("drover-demo", "inactive", "disabled");
        ShellModuleContext ctx = onSystemd(fake, "name", "drover-demo", "state", "started", "enabled", "yes",
                "sleep", 3, "pattern", "sleep");
        ModuleResult r = ctx.run();
        assertTrue(r.changed(), r.toString());
        assertEquals(true, r.data().get("enabled"));
        assertEquals("started", r.data().get("state"));
        assertEquals("inactive", ((Map<?, ?>) r.data().get("status")).get("ActiveState"));
        assertEquals(List.of("Ignoring \"pattern\" as it is not used in \"systemd\"",
                "Ignoring \"sleep\" as it is not used in \"systemd\""), r.data().get("warnings"));
        assertEquals(1, ctx.execCount());
    }

    @Test
    void systemdOnlyOptionsPassAndUnknownOnesFailAsInTheSystemdModule() {
        FakeSystemd fake = FakeSystemd.in(dir).unit("drover-demo", "inactive", "disabled");
        assertTrue(onSystemd(fake, "name", "drover-demo", "masked", true).run().changed());
        ModuleResult bad = onSystemd(fake, "name", "drover-demo", "colour", "red").run();
        assertEquals("Unsupported parameters for (ansible.legacy.systemd) module: colour. Supported parameters include: "
                + "daemon_reexec, daemon_reload, enabled, force, masked, name, no_block, scope, state "
                + "(daemon-reexec, daemon-reload, service, unit).", bad.data().get("msg"));
    }

    @Test
    void withoutFactsTheHostsServiceManagerIsDetectedInTheSameRoundTrip() throws Exception {
        FakeSystemd fake = FakeSystemd.in(dir).unit("drover-demo", "active", "enabled");
        ShellModuleContext ctx = fake.context(new ServiceModule(), "name", "drover-demo", "state", "started");
        ModuleResult r = ctx.run();
        assertEquals(1, ctx.execCount());
        String pid1 = Files.readString(Path.of("/proc/1/comm")).strip();
        if (pid1.equals("systemd")) {
            assertEquals(false, r.data().get("changed"), r.toString());
        } else if (!pid1.equals("init") && !pid1.endsWith("sh")) {
            // This build machine is not booted with systemd; Ansible's fact names PID 1's command.
            assertEquals(ServiceModule.otherManager(pid1).data(), r.data());
        } else {
            assertTrue(String.valueOf(r.data().get("msg")).startsWith("Drover's service module supports only"), r.toString());
        }
    }

    @Test
    void anExplicitNonSystemdBackendIsNotRunAtAll() {
        FakeSystemd fake = FakeSystemd.in(dir);
        ShellModuleContext ctx = fake.context(new ServiceModule(), "name", "x", "state", "started", "use", "sysvinit");
        assertEquals(ServiceModule.otherManager("sysvinit").data(), ctx.run().data());
        assertEquals(0, ctx.execCount());
    }
}
