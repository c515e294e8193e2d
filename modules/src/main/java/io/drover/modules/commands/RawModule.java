package io.drover.modules.commands;

import io.drover.connection.CommandResult;
import io.drover.connection.ConnectionException;
import io.drover.module.ArgSpec;
import io.drover.module.ArgSpec.Type;
import io.drover.module.Module;
import io.drover.module.ModuleContext;
import io.drover.module.ModuleResult;

/**
 * {@code raw}: the text goes to the target's shell as it is (through {@code executable -c} when given); output is
 * kept exactly as the command wrote it. Skipped in check mode, as Ansible's raw action does.
 */
public final class RawModule implements Module {

    @Override
    public String name() {
        return "raw";
    }

    @Override
    public ArgSpec argSpec() {
        return ArgSpec.builder().freeForm().add(ArgSpec.option("executable", Type.STR)).build();
    }

    /** Check mode is answered here ({@code skipped}, no message), not by the engine's generic skip. */
    @Override
    public boolean supportsCheckMode() {
        return true;
    }

    @Override
    public ModuleResult run(ModuleContext ctx) throws ConnectionException {
        if (ctx.checkMode()) {
            return ModuleResult.builder().changed(false).put("skipped", true).build();
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
