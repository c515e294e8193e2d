package io.drover.modules.utility;

import io.drover.connection.CommandResult;
import io.drover.connection.ConnectionException;
import io.drover.module.ArgSpec;
import io.drover.module.ArgSpec.Type;
import io.drover.module.Module;
import io.drover.module.ModuleContext;
import io.drover.module.ModuleResult;

/** {@code ping}: proves the host answers commands (Ansible's also proves Python; Drover needs only a shell). */
public final class PingModule implements Module {

    @Override
    public String name() {
        return "ping";
    }

    @Override
    public ArgSpec argSpec() {
        return ArgSpec.builder().add(ArgSpec.option("data", Type.STR).withDefault("pong")).build();
    }

    @Override
    public ModuleResult run(ModuleContext ctx) throws ConnectionException {
        String data = ctx.args().str("data");
        // The host is contacted first, so an unreachable host reports as such even with data=crash.
        CommandResult r = ctx.exec("true");
        if (r.exitCode() != 0) {
            return ModuleResult.builder().failed("the host could not run a command: " + r.stderr().strip()).build();
        }
        if ("crash".equals(data)) {
            // Ansible's ping raises on the target; the result is its generic "module crashed" shape.
            return ModuleResult.builder().failed("MODULE FAILURE\nSee stdout/stderr for the exact error")
                    .put("module_stderr", "Exception: boom\n").put("module_stdout", "").put("rc", 1L).build();
        }
        return ModuleResult.builder().put("ping", data).changed(false).build();
    }
}
