package io.drover.modules.commands;

import io.drover.connection.ConnectionException;
import io.drover.module.ArgSpec;
import io.drover.module.Args;
import io.drover.module.Module;
import io.drover.module.ModuleContext;
import io.drover.module.ModuleResult;
import io.drover.template.PythonRepr;
import java.util.List;

/**
 * {@code shell}: the command module with a shell — the text is run by {@code executable} (default {@code /bin/sh})
 * with {@code -c}. {@code cmd} in the result is the text itself. One round trip per run; see {@link CommandRun}.
 */
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
        String text = CommandModule.freeFormOrCmd(args);
        List<Object> argv = args.list("argv");
        if ((text == null || text.isBlank()) && argv.isEmpty()) {
            return CommandRun.failure(null, 256L, "no command given");
        }
        if (text != null && !text.isBlank() && !argv.isEmpty()) {
            return CommandRun.failure(null, 256L, "only command or argv can be given, not both");
        }
        if (text == null || text.isBlank()) {
            // Ansible joins an argv list with shell quoting and hands it to the shell.
            text = String.join(" ", argv.stream().map(o -> ShellText.quote(PythonRepr.str(o))).toList());
        }
        String executable = args.has("executable") ? args.str("executable") : "/bin/sh";
        return CommandRun.run(ctx, CommandRun.request(args, text, List.of(executable, "-c", text), false));
    }
}
