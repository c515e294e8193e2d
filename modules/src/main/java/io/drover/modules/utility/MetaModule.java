package io.drover.modules.utility;

import io.drover.module.ArgSpec;
import io.drover.module.Module;
import io.drover.module.ModuleContext;
import io.drover.module.ModuleResult;

/**
 * {@code meta}: declared here so it resolves and its argument is checked; the executor carries the actions out,
 * since they act on the play (handlers, hosts), not on a host.
 */
public final class MetaModule implements Module {

    @Override
    public String name() {
        return "meta";
    }

    @Override
    public ArgSpec argSpec() {
        return ArgSpec.builder().freeForm().build();
    }

    @Override
    public ModuleResult run(ModuleContext ctx) {
        throw new IllegalStateException("meta is carried out by the executor, never run as a module");
    }
}
