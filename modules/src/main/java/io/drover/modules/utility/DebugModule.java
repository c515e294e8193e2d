package io.drover.modules.utility;

import io.drover.module.ArgSpec;
import io.drover.module.ArgSpec.Type;
import io.drover.module.Args;
import io.drover.module.Module;
import io.drover.module.ModuleContext;
import io.drover.module.ModuleResult;
import io.drover.template.PythonRepr;
import io.drover.vars.VariableException;
import java.util.List;
import java.util.Map;

/** {@code debug}: prints a message or a variable; never touches the host. */
public final class DebugModule implements Module {

    @Override
    public String name() {
        return "debug";
    }

    @Override
    public ArgSpec argSpec() {
        return ArgSpec.builder()
                .add(ArgSpec.option("msg", Type.RAW))
                .add(ArgSpec.option("var", Type.RAW))
                .add(ArgSpec.option("verbosity", Type.INT).withDefault(0L))
                .mutuallyExclusive("msg", "var")
                .build();
    }

    @Override
    public ModuleResult run(ModuleContext ctx) {
        Args args = ctx.args();
        if (ctx.verbosity() < args.integer("verbosity", 0)) {
            return ModuleResult.builder().put("skipped_reason", "Verbosity threshold not met.").put("skipped", true)
                    .changed(false).build();
        }
        if (!args.has("var")) {
            Object msg = args.has("msg") ? args.raw("msg") : "Hello world!";
            return ModuleResult.builder().msg(null).put("msg", msg).put("_ansible_verbose_always", true)
                    .changed(false).build();
        }
        Object var = args.raw("var");
        Object value;
        if (var instanceof String name) {
            try {
                value = ctx.evaluate(name);
            } catch (VariableException e) {
                var vault = io.drover.vault.VaultException.causeOf(e);
                if (vault.isPresent()) {
                    return ModuleResult.failed(vault.get().getMessage());
                }
                value = "VARIABLE IS NOT DEFINED!" + (ctx.verbosity() > 0 ? ": " + e.getMessage() : "");
            }
        } else {
            value = var;
        }
        String key = var instanceof List<?> ? "<class 'list'>" : var instanceof Map<?, ?> ? "<class 'dict'>"
                : PythonRepr.str(var);
        return ModuleResult.builder().put(key, value).put("_ansible_verbose_always", true).changed(false).build();
    }
}
