package io.drover.modules.commands;

import io.drover.connection.CommandResult;
import io.drover.connection.ConnectionException;
import io.drover.module.ArgSpec;
import io.drover.module.ArgSpec.Type;
import io.drover.module.Module;
import io.drover.module.ModuleContext;
import io.drover.module.ModuleResult;

/** {@code raw}: the text goes to the target's shell as it is; output is kept as the command wrote it. */
public final class RawModule implements Module {

    @Override
    public String name() {
        return "raw";
    }

    @Override
    public ArgSpec argSpec() {
        return ArgSpec.builder().freeForm().add(ArgSpec.option("executable", Type.STR)).build();
    }

    @Override
    public ModuleResult run(ModuleContext ctx) throws ConnectionException {
        if (ctx.checkMode()) {
            // Ansible's raw action cannot predict anything and reports a bare skip.
            return ModuleResult.builder().put("skipped", true).changed(false).build();
        }
        String text = ctx.args().freeForm();
        if (text == null) {
            text = "";
        }
        String script = ctx.args().has("executable")
                ? "exec " + ShellText.quote(ctx.args().str("executable")) + " -c " + ShellText.quote(text) : text;
        CommandResult r = ctx.exec(script);
        ModuleResult.Builder b = ModuleResult.builder().changed(true)
                .put("rc", (long) r.exitCode()).put("stdout", r.stdout()).put("stderr", r.stderr());
        if (r.exitCode() != 0) {
            b.failed("non-zero return code");
        }
        return b.build();
    }
}
