package io.drover.modules.utility;

import io.drover.module.ArgSpec;
import io.drover.module.ArgSpec.Type;
import io.drover.module.Module;
import io.drover.module.ModuleContext;
import io.drover.module.ModuleResult;

/** {@code fail}: fails the host with a message. */
public final class FailModule implements Module {

    @Override
    public String name() {
        return "fail";
    }

    @Override
    public ArgSpec argSpec() {
        return ArgSpec.builder().add(ArgSpec.option("msg", Type.RAW).withDefault("Failed as requested from task")).build();
    }

    @Override
    public ModuleResult run(ModuleContext ctx) {
        return ModuleResult.builder().failed(null).put("msg", ctx.args().raw("msg")).changed(false).build();
    }
}
