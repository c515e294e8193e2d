package io.drover.modules.utility;

import io.drover.module.ArgSpec;
import io.drover.module.Module;
import io.drover.module.ModuleContext;
import io.drover.module.ModuleResult;
import java.util.List;

/**
 * {@code meta}: declared here so the action resolves and its spec is known; the executor carries the actions out
 * (they act on the play — handlers, hosts, facts — not on a host) and never calls {@link #run}.
 */
public final class MetaModule implements Module {

    /** The actions Ansible 2.14 accepts ({@code role_complete} is what the engine inserts after a role). */
    public static final List<String> ACTIONS = List.of("clear_facts", "clear_host_errors", "end_host", "end_play",
            "flush_handlers", "noop", "refresh_inventory", "reset_connection", "end_batch", "role_complete");

    @Override
    public String name() {
        return "meta";
    }

    @Override
    public ArgSpec argSpec() {
        return ArgSpec.builder().freeForm().build();
    }

    /** Ansible's error for an unknown action (a fatal {@code ERROR!}, not a host failure); null when valid. */
    public static String invalidActionMessage(String action) {
        String a = action == null ? "" : action.strip();
        return ACTIONS.contains(a) ? null : "invalid meta action requested: " + a;
    }

    @Override
    public ModuleResult run(ModuleContext ctx) {
        throw new IllegalStateException("meta is handled by the executor");
    }
}
