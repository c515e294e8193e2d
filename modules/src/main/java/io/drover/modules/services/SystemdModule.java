package io.drover.modules.services;

import io.drover.connection.CommandResult;
import io.drover.connection.ConnectionException;
import io.drover.module.ArgSpec;
import io.drover.module.Module;
import io.drover.module.ModuleContext;
import io.drover.module.ModuleResult;
import java.util.List;
import java.util.Map;

/**
 * {@code systemd} (also {@code systemd_service}): controls a systemd unit with {@code systemctl} as ansible-core
 * 2.14's module does — daemon-reload/daemon-reexec first, then mask/unmask, enable/disable and the state
 * (started, stopped, restarted, reloaded), with {@code scope}, {@code no_block} and {@code force} passed to every
 * {@code systemctl}. Returns {@code name}, {@code changed}, {@code status} (the unit's {@code systemctl show}
 * properties before the task, see {@link SystemctlShow}), {@code enabled} and {@code state}; fails with Ansible's
 * messages ("Could not find the requested service X: host", "Unable to start service X: <stderr>", ...). Check mode
 * decides exactly as a real run and changes nothing. System-scope changes need become, as with Ansible.
 *
 * <p><b>Round trips.</b> 1, whatever the task does: {@link SystemdScript} queries the unit, decides on the target
 * what to change as the Ansible module decides, changes it and prints the before-status, the decided verbs and any
 * failure; {@link SystemdOutcome} builds the result from that. {@code state: started} on a running unit and a
 * start of a stopped one both cost one exec, and so does a task combining daemon_reload, enabled and state. The
 * decisions are on the target because they depend on answers {@code systemctl} gives between the changes
 * (is-enabled after a mask); unit tests run the script against a scripted stand-in for {@code systemctl}.
 */
public class SystemdModule implements Module {

    @Override
    public String name() {
        return "systemd";
    }

    @Override
    public ArgSpec argSpec() {
        return SystemdRequest.spec();
    }

    @Override
    public ModuleResult run(ModuleContext ctx) throws ConnectionException {
        return run(ctx, SystemdRequest.of(ctx.args()), false, List.of());
    }

    /**
     * Runs a validated request. With {@code detectManager} the script first works out the host's service manager
     * and goes on only if it is systemd; otherwise the result is {@link ServiceModule#otherManager}'s failure.
     * {@code warnings} (the service module's) come first in the result.
     */
    static ModuleResult run(ModuleContext ctx, SystemdRequest request, boolean detectManager, List<String> warnings)
            throws ConnectionException {
        String invalid = request.invalid();
        if (invalid != null) {
            return ModuleResult.failed(invalid);
        }
        SystemdScript script = new SystemdScript(request, ctx.checkMode(), detectManager);
        CommandResult r = ctx.exec(script.text());
        Map<String, String> sections = script.sections(r.stdout());
        String manager = sections.get("mgr");
        if (detectManager && manager != null && !manager.equals("systemd")) {
            return ServiceModule.otherManager(manager);
        }
        if (r.exitCode() != 0) {
            // Only the shell itself fails this way (no temp file for systemctl's output, say); systemctl's own
            // failures are reported in sections.
            return ModuleResult.builder().failed("MODULE FAILURE: " + r.stderr().strip()).put("rc", r.exitCode()).build();
        }
        return SystemdOutcome.of(request, sections, warnings);
    }
}
