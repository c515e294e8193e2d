package io.drover.modules.commands;

import io.drover.connection.ConnectionException;
import io.drover.module.ArgSpec;
import io.drover.module.Args;
import io.drover.module.Module;
import io.drover.module.ModuleContext;
import io.drover.module.ModuleResult;

/** {@code shell}: the command module with a shell ({@code executable}, /bin/sh by default). */
public final class ShellModule implements Module {

    @Override
    public String name() {
        return "shell";
    }

    @Override
    public ArgSpec argSpec() {
        return CommandModule.commonSpec().build();
    }

    @Override
    public ModuleResult run(ModuleContext ctx) throws ConnectionException {
        Args args = ctx.args();
        String text = args.freeForm() != null ? args.freeForm() : args.str("cmd");
        if (text == null || text.isBlank()) {
            return ModuleResult.builder().failed("no command given").put("rc", 256L).build();
        }
        String executable = args.has("executable") ? args.str("executable") : "/bin/sh";
        String exec = "exec " + ShellText.quote(executable) + " -c " + ShellText.quote(text) + "\n";
        return CommandRun.run(ctx, args, text, exec);
    }
}
