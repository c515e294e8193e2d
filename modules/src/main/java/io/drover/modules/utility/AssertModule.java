package io.drover.modules.utility;

import io.drover.module.ArgSpec;
import io.drover.module.ArgSpec.Type;
import io.drover.module.Args;
import io.drover.module.Module;
import io.drover.module.ModuleContext;
import io.drover.module.ModuleResult;
import java.util.List;

/** {@code assert}: checks conditions with Jinja truthiness; the first false one fails the host. */
public final class AssertModule implements Module {

    @Override
    public String name() {
        return "assert";
    }

    @Override
    public ArgSpec argSpec() {
        return ArgSpec.builder()
                .add(ArgSpec.option("that", Type.RAW).asRequired())
                .add(ArgSpec.option("fail_msg", Type.RAW).aliases("msg"))
                .add(ArgSpec.option("success_msg", Type.RAW))
                .add(ArgSpec.option("quiet", Type.BOOL).withDefault(false))
                .build();
    }

    @Override
    public ModuleResult run(ModuleContext ctx) {
        Args args = ctx.args();
        Object that = args.raw("that");
        List<?> conditions = that instanceof List<?> l ? l : List.of(that);
        ModuleResult.Builder b = ModuleResult.builder();
        if (!args.bool("quiet")) {
            // The callback prints the result even without -v, pass or fail.
            b.put("_ansible_verbose_always", true);
        }
        for (Object c : conditions) {
            if (!ctx.condition(c)) {
                return b.put("assertion", c)
                        .put("changed", false)
                        .put("evaluated_to", false)
                        .put("failed", true)
                        .put("msg", args.has("fail_msg") ? args.raw("fail_msg") : "Assertion failed")
                        .build();
            }
        }
        return b.changed(false)
                .put("msg", args.has("success_msg") ? args.raw("success_msg") : "All assertions passed")
                .build();
    }
}
