package io.drover.modules.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.module.ModuleResult;
import io.drover.modules.ShellModuleContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The systemd module's script run by this machine's /bin/sh against {@code fake-systemctl}: which systemctl
 * commands ansible-core 2.14's module would run, the result it returns, its failure messages, check mode, and one
 * round trip per task.
 */
class SystemdModuleTest {

    @TempDir
    Path dir;

    private FakeSystemd fake;

    @BeforeEach
    void setUp() {
        fake = FakeSystemd.in(dir);
    }

    private ModuleResult run(Object... kv) {
        ShellModuleContext ctx = fake.context(new SystemdModule(), kv);
        ModuleResult r = ctx.run();
        assertEquals(1, ctx.execCount(), r.toString());
        return r;
    }

    private ModuleResult check(Object... kv) {
        ShellModuleContext ctx = fake.context(new SystemdModule(), kv).checkMode(true);
        ModuleResult r = ctx.run();
        assertEquals(1, ctx.execCount(), r.toString());
        return r;
    }

    private static Map<?, ?> status(ModuleResult r) {
        return (Map<?, ?>) r.data().get("status");
    }

    @Test
    void startedOnARunningUnitChangesNothingAndReportsItsStatus() {
        fake.unit("drover-demo", "active", "enabled");
        ModuleResult r = run("name", "drover-demo", "state", "started");
        assertFalse(r.changed(), r.toString());
        assertEquals("drover-demo", r.data().get("name"));
        assertEquals("started", r.data().get("state"));
        assertEquals("active", status(r).get("ActiveState"));
        assertEquals("loaded", status(r).get("LoadState"));
        assertEquals(List.of("show drover-demo"), fake.calls());
    }

    @Test
    void startedOnAStoppedUnitStartsItAndTheStatusIsTheOneBefore() {
        fake.unit("drover-demo", "inactive", "disabled");
        ModuleResult r = run("name", "drover-demo.service", "state", "started");
        assertTrue(r.changed(), r.toString());
        assertEquals("inactive", status(r).get("ActiveState"));
        assertEquals(List.of("show drover-demo.service", "start drover-demo.service"), fake.calls());
        assertEquals("active", fake.active("drover-demo"));
    }

    @Test
    void restartedAndReloadedAlwaysActAndReportStarted() {
        fake.unit("drover-demo", "active", "enabled");
        ModuleResult restart = run("name", "drover-demo", "state", "restarted");
        assertTrue(restart.changed());
        assertEquals("started", restart.data().get("state"));
        ModuleResult reload = run("name", "drover-demo", "state", "reloaded");
        assertTrue(reload.changed());
        assertEquals("started", reload.data().get("state"));
        fake.unit("drover-down", "failed", "enabled");
        assertTrue(run("name", "drover-down", "state", "reloaded").changed());
        assertEquals(List.of("show drover-demo", "restart drover-demo", "show drover-demo", "reload drover-demo",
                "show drover-down", "start drover-down"), fake.calls());
    }

    @Test
    void stoppedStopsActiveActivatingAndDeactivatingUnitsOnly() {
        fake.unit("drover-a", "deactivating", "enabled").unit("drover-b", "failed", "enabled");
        assertTrue(run("name", "drover-a", "state", "stopped").changed());
        assertFalse(run("name", "drover-b", "state", "stopped").changed());
        assertEquals(List.of("show drover-a", "stop drover-a", "show drover-b"), fake.calls());
    }

    @Test
    void enabledComparesIsEnabledAndReportsTheStateAskedFor() {
        fake.unit("drover-demo", "inactive", "disabled");
        ModuleResult r = run("name", "drover-demo", "enabled", true);
        assertTrue(r.changed());
        assertEquals(true, r.data().get("enabled"));
        assertEquals("enabled", fake.enabled("drover-demo"));
        ModuleResult again = run("name", "drover-demo", "enabled", true);
        assertFalse(again.changed());
        assertEquals(true, again.data().get("enabled"));
        assertFalse(r.data().containsKey("state"));
        // is-enabled printing only "indirect" means disabled for Ansible, so enabled=false changes nothing.
        fake.unit("drover-ind", "inactive", "indirect");
        assertFalse(run("name", "drover-ind", "enabled", false).changed());
        assertEquals(List.of("show drover-demo", "is-enabled drover-demo -l", "enable drover-demo",
                "show drover-demo", "is-enabled drover-demo -l", "show drover-ind", "is-enabled drover-ind -l"),
                fake.calls());
    }

    @Test
    void maskedMasksAndUnmasksByIsEnabled() {
        fake.unit("drover-demo", "inactive", "disabled");
        assertTrue(run("name", "drover-demo", "masked", true).changed());
        assertEquals("masked", fake.enabled("drover-demo"));
        assertFalse(run("name", "drover-demo", "masked", true).changed());
        ModuleResult masked = run("name", "drover-demo", "masked", false, "state", "started");
        assertTrue(masked.changed());
        assertEquals("masked", status(masked).get("LoadState"));
        assertEquals("active", fake.active("drover-demo"));
    }

    @Test
    void aMissingUnitFailsWithAnsiblesMessage() {
        ModuleResult r = run("name", "drover-nope", "state", "started");
        assertTrue(r.failed());
        assertEquals("Could not find the requested service drover-nope: host", r.data().get("msg"));
        assertFalse(r.changed());
        assertFalse(r.data().containsKey("status"));
        // Masking a unit that does not exist yet works, as with systemd.
        assertTrue(run("name", "drover-nope", "masked", true).changed());
    }

    @Test
    void aFailedStartReportsSystemctlsStandardError() {
        fake.unit("drover-demo", "inactive", "enabled", "fail-start");
        ModuleResult r = run("name", "drover-demo", "state", "started");
        assertTrue(r.failed());
        assertEquals("Unable to start service drover-demo: Job for drover-demo.service failed because the control "
                + "process exited with error code.\nSee \"systemctl status drover-demo.service\" and "
                + "\"journalctl -xeu drover-demo.service\" for details.\n", r.data().get("msg"));
    }

    @Test
    void aFailedEnableReportsStandardOutputAndErrorAndStopsBeforeTheState() {
        fake.unit("drover-demo", "inactive", "disabled", "fail-enable");
        ModuleResult r = run("name", "drover-demo", "enabled", true, "state", "started");
        assertEquals("Unable to enable service drover-demo: Job for drover-demo.service failed because the control "
                + "process exited with error code.\nSee \"systemctl status drover-demo.service\" and "
                + "\"journalctl -xeu drover-demo.service\" for details.\n", r.data().get("msg"));
        assertEquals("inactive", fake.active("drover-demo"));
    }

    @Test
    void aUnitThatFailsToLoadIsReported() {
        fake.unit("drover-bad", "inactive", "disabled", "load-error");
        ModuleResult r = run("name", "drover-bad", "state", "started");
        assertEquals("Error loading unit file 'drover-bad': org.freedesktop.systemd1.BadUnitSetting "
                + "\"Unit has a bad setting\"", r.data().get("msg"));
    }

    @Test
    void daemonReloadAloneReturnsAnEmptyStatusAndIsNotAChange() {
        ModuleResult r = run("daemon_reload", true);
        assertEquals(Map.of("name", "null", "changed", false, "status", Map.of()).keySet(), r.data().keySet());
        assertNull(r.data().get("name"));
        assertFalse(r.changed());
        assertEquals(List.of("daemon-reload"), fake.calls());
        fake.failing("daemon-reload");
        assertEquals("failure 1 during daemon-reload: fake failure of daemon-reload\n", run("daemon_reload", true).data().get("msg"));
    }

    @Test
    void checkModeDecidesTheSameAndRunsNothingThatChanges() {
        fake.unit("drover-demo", "inactive", "disabled");
        ModuleResult r = check("name", "drover-demo", "state", "started", "enabled", true, "daemon_reload", true);
        assertTrue(r.changed());
        assertEquals(true, r.data().get("enabled"));
        assertEquals("started", r.data().get("state"));
        assertEquals(List.of("show drover-demo", "is-enabled drover-demo -l"), fake.calls());
        assertEquals("inactive", fake.active("drover-demo"));
        assertFalse(check("name", "drover-demo", "state", "stopped").changed());
    }

    @Test
    void scopeNoBlockAndForceGoToEverySystemctlCall() {
        fake.unit("drover-demo@one", "inactive", "disabled");
        run("name", "drover-demo@one", "state", "started", "scope", "user", "no_block", true, "force", true);
        assertEquals(List.of("--user --no-block --force show drover-demo@one",
                "--user --no-block --force start drover-demo@one"), fake.calls());
    }

    @Test
    void argumentsAnsibleRejectsBeforeReachingTheHost() {
        ShellModuleContext noName = fake.context(new SystemdModule(), "state", "started");
        assertEquals("missing parameter(s) required by 'state': name", noName.run().data().get("msg"));
        ShellModuleContext glob = fake.context(new SystemdModule(), "name", "drover-*", "state", "started");
        assertEquals("This module does not currently support using glob patterns, found '*' in service name: drover-*",
                glob.run().data().get("msg"));
        assertEquals(0, noName.execCount() + glob.execCount());
    }

    @Test
    void multiLineExecValuesReachTheStatus() {
        fake.unit("drover-demo", "active", "enabled", "exec-multiline");
        ModuleResult r = run("name", "drover-demo", "state", "started");
        assertEquals("{ path=/bin/sleep ; argv[]=/bin/sleep infinity ;\n  status=0/0 }", status(r).get("ExecStart"));
        assertEquals("{ a brace that does not close", status(r).get("Description"));
    }
}
