package io.drover.modules.commands;

import io.drover.connection.ConnectionException;
import io.drover.module.ArgSpec;
import io.drover.module.ArgSpec.Type;
import io.drover.module.Args;
import io.drover.module.Module;
import io.drover.module.ModuleContext;
import io.drover.module.ModuleResult;
import io.drover.text.Shlex;
import io.drover.template.PythonRepr;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code command}: runs a program without a shell. The free form is split like Python's shlex; each word (and each
 * {@code argv} item) is then expanded on the target the way Ansible's run_command does ({@code $VAR}, {@code ~}
 * only — no globs, pipes or redirections). One round trip per run; see {@link CommandRun}.
 */
public final class CommandModule implements Module {

    /** Options command and shell share (shell accepts argv and strip_empty_ends too: it is the same module). */
    static ArgSpec.Builder commonSpec() {
        return ArgSpec.builder().freeForm()
                .add(ArgSpec.option("cmd", Type.STR))
                .add(ArgSpec.option("argv", Type.LIST))
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
        return commonSpec().build();
    }

    @Override
    public ModuleResult run(ModuleContext ctx) throws ConnectionException {
        Args args = ctx.args();
        String text = freeFormOrCmd(args);
        List<Object> argv = args.list("argv");
        if ((text == null || text.isBlank()) && argv.isEmpty()) {
            return CommandRun.failure(null, 256L, "no command given");
        }
        if (text != null && !text.isBlank() && !argv.isEmpty()) {
            return CommandRun.failure(null, 256L, "only command or argv can be given, not both");
        }
        List<String> words;
        if (argv.isEmpty()) {
            try {
                words = Shlex.split(text);
            } catch (IllegalArgumentException e) {
                return CommandRun.failure(null, 256L, e.getMessage());
            }
        } else {
            words = new ArrayList<>();
            for (Object o : argv) {
                words.add(PythonRepr.str(o));
            }
        }
        // Ansible ignores executable for command (with a warning): the program is run directly.
        return CommandRun.run(ctx, CommandRun.request(args, words, words, true));
    }

    /** The free-form text, or {@code cmd:} which Ansible treats as the same thing. */
    static String freeFormOrCmd(Args args) {
        return args.freeForm() != null ? args.freeForm() : args.str("cmd");
    }
}
