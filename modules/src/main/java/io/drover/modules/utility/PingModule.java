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
        if ("crash".equals(data)) {
            return ModuleResult.builder().failed("boom").build();
        }
        CommandResult r = ctx.exec("true");
        if (r.exitCode() != 0) {
            return ModuleResult.builder().failed("the host could not run a command: " + r.stderr().strip()).build();
        }
        return ModuleResult.builder().put("ping", data).changed(false).build();
    }
}
