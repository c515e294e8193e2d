package io.drover.modules;

import io.drover.connection.CommandResult;
import io.drover.module.ArgumentException;
import io.drover.module.Args;
import io.drover.module.Module;
import io.drover.module.ModuleContext;
import io.drover.module.ModuleResult;
import io.drover.vars.VariableException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link ModuleContext} whose "target" is this machine: every {@link #exec} runs the script through a real
 * {@code /bin/sh -c}, with a fixed environment on top of this process's. Counts round trips so tests can insist on
 * one exec per task. Templating is a stand-in: variables are looked up by bare name in a map.
 */
public final class ShellModuleContext implements ModuleContext {

    private final Module module;
    private final Args args;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final Map<String, Object> vars = new LinkedHashMap<>();
    private final List<String> scripts = new ArrayList<>();
    private boolean checkMode;
    private boolean diffMode;
    private int verbosity;

    private ShellModuleContext(Module module, Args args) {
        this.module = module;
        this.args = args;
    }

    /** Validates {@code rawArgs} with the module's own spec, as the engine does before running it. */
    public static ShellModuleContext of(Module module, Map<String, Object> rawArgs) {
        try {
            return new ShellModuleContext(module, module.argSpec().validate(module.name(), rawArgs));
        } catch (ArgumentException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Free-form arguments only, e.g. {@code of(command, "echo hi")}. */
    public static ShellModuleContext of(Module module, String freeForm) {
        return of(module, Map.of("_raw_params", freeForm));
    }

    public ShellModuleContext checkMode(boolean on) {
        this.checkMode = on;
        return this;
    }

    public ShellModuleContext diffMode(boolean on) {
        this.diffMode = on;
        return this;
    }

    public ShellModuleContext verbosity(int level) {
        this.verbosity = level;
        return this;
    }

    public ShellModuleContext env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public ShellModuleContext var(String name, Object value) {
        vars.put(name, value);
        return this;
    }

    /** Runs the module with this context. */
    public ModuleResult run() {
        try {
            return module.run(this);
        } catch (io.drover.connection.ConnectionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** How many times the module reached the host. */
    public int execCount() {
        return scripts.size();
    }

    public List<String> scripts() {
        return List.copyOf(scripts);
    }

    @Override
    public Args args() {
        return args;
    }

    @Override
    public String host() {
        return "localhost";
    }

    @Override
    public CommandResult exec(String script, byte[] stdin) {
        scripts.add(script);
        // -Ddrover.test.shell=/bin/bash runs the same tests against another target shell.
        ProcessBuilder pb = new ProcessBuilder(System.getProperty("drover.test.shell", "/bin/sh"), "-c", script);
        pb.environment().putAll(env);
        if (stdin == null) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        try {
            Process p = pb.start();
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            if (stdin != null) {
                try (OutputStream in = p.getOutputStream()) {
                    in.write(stdin);
                }
            }
            int rc = p.waitFor();
            return new CommandResult(rc, new String(out.join(), StandardCharsets.UTF_8),
                    new String(err.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void put(byte[] content, String remotePath, int mode) {
        scripts.add("put " + remotePath);
        try {
            Path path = Path.of(remotePath);
            Files.write(path, content);
            Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
            PosixFilePermission[] order = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE
            for (int bit = 0; bit < 9; bit++) {
                if ((mode & (1 << (8 - bit))) != 0) {
                    perms.add(order[bit]);
                }
            }
            Files.setPosixFilePermissions(path, perms);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean checkMode() {
        return checkMode;
    }

    @Override
    public boolean diffMode() {
        return diffMode;
    }

    /** Renders with a real Templar against this context's variables plus {@code extraVars}. */
    @Override
    public String renderFile(Path template, Map<String, Object> extraVars, io.drover.template.TextOptions options)
            throws io.drover.template.TemplateException {
        Map<String, Object> all = new LinkedHashMap<>(vars);
        all.putAll(extraVars);
        try {
            return new io.drover.template.Templar(io.drover.template.TemplarOptions.defaults())
                    .renderText(Files.readString(template), all, options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public int verbosity() {
        return verbosity;
    }

    /** A bare variable name, a quoted string or an integer; undefined names throw like the engine's templar. */
    @Override
    public Object evaluate(String expression) {
        String e = expression.strip();
        if (e.matches("-?\\d+")) {
            return Long.parseLong(e);
        }
        if (e.length() >= 2 && (e.startsWith("'") && e.endsWith("'") || e.startsWith("\"") && e.endsWith("\""))) {
            return e.substring(1, e.length() - 1);
        }
        if (e.equals("true") || e.equals("True")) {
            return true;
        }
        if (e.equals("false") || e.equals("False")) {
            return false;
        }
        if (!vars.containsKey(e)) {
            throw new VariableException("'" + e + "' is undefined");
        }
        return vars.get(e);
    }

    /** Booleans as they are; {@code a == b} / {@code a != b} compare evaluated sides; else Jinja-ish truthiness. */
    @Override
    public boolean condition(Object condition) {
        if (condition instanceof Boolean b) {
            return b;
        }
        String c = String.valueOf(condition);
        for (String op : List.of("==", "!=")) {
            int at = c.indexOf(op);
            if (at > 0) {
                boolean equal = String.valueOf(evaluate(c.substring(0, at)))
                        .equals(String.valueOf(evaluate(c.substring(at + 2))));
                return op.equals("==") == equal;
            }
        }
        Object v = evaluate(c);
        return v instanceof Boolean b ? b : v instanceof Number n ? n.doubleValue() != 0
                : v != null && !String.valueOf(v).isEmpty();
    }

    /** {@code {{ name }}} → the variable; anything else unchanged. */
    @Override
    public Object template(Object value) {
        if (value instanceof String s && s.startsWith("{{") && s.endsWith("}}")) {
            return evaluate(s.substring(2, s.length() - 2));
        }
        return value;
    }

    @Override
    public Map<String, Object> variables() {
        return vars;
    }
}
