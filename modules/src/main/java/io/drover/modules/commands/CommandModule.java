package io.drover.modules.commands;

import io.drover.connection.ConnectionException;
import io.drover.module.ArgSpec;
import io.drover.module.ArgSpec.Type;
import io.drover.module.Args;
import io.drover.module.Module;
import io.drover.module.ModuleContext;
import io.drover.module.ModuleResult;
import java.util.List;

/**
 * {@code command}: runs a program without a shell. Arguments are split like shlex and expanded like Ansible's
 * run_command ($VAR and ~ only); the program is exec'd by the same shell that did the checks.
 */
public final class CommandModule implements Module {

    static ArgSpec.Builder commonSpec() {
        return ArgSpec.builder().freeForm()
                .add(ArgSpec.option("cmd", Type.STR))
                .add(ArgSpec.option("chdir", Type.PATH))
                .add(ArgSpec.option("creates", Type.PATH))
                .add(ArgSpec.option("removes", Type.PATH))
                .add(ArgSpec.option("stdin", Type.STR))
                .add(ArgSpec.option("stdin_add_newline", Type.BOOL).withDefault(true))
                .add(ArgSpec.option("strip_empty_ends", Type.BOOL).withDefault(true))
                .add(ArgSpec.option("executable", Type.STR));
    }

    @Override
    public String name() {
        return "command";
    }

    @Override
    public ArgSpec argSpec() {
        return commonSpec().add(ArgSpec.option("argv", Type.LIST)).build();
    }

    @Override
    public ModuleResult run(ModuleContext ctx) throws ConnectionException {
        Args args = ctx.args();
        String text = args.freeForm() != null ? args.freeForm() : args.str("cmd");
        List<Object> argv = args.list("argv");
        if ((text == null || text.isBlank()) && argv.isEmpty()) {
            return ModuleResult.builder().failed("no command given").put("rc", 256L).build();
        }
        if (text != null && !text.isBlank() && !argv.isEmpty()) {
            return ModuleResult.builder().failed("only command or argv can be given, not both").put("rc", 256L).build();
        }
        List<String> words = text != null && !text.isBlank() ? ShellWordsSplit.split(text) : CommandRun.words(argv);
        StringBuilder exec = new StringBuilder();
        exec.append("command -v -- ").append(ShellText.expandingWord(words.get(0)))
                .append(" >/dev/null 2>&1 || { printf '%s' ").append(ShellText.quote(CommandRun.MARKER + "missing"))
                .append("; exit 0; }\nexec");
        for (String w : words) {
            exec.append(' ').append(ShellText.expandingWord(w));
        }
        exec.append('\n');
        return CommandRun.run(ctx, args, words, exec.toString());
    }
}
