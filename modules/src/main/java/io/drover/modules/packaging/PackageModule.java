package io.drover.modules.packaging;

import io.drover.connection.CommandResult;
import io.drover.connection.ConnectionException;
import io.drover.module.ArgSpec;
import io.drover.module.ArgumentException;
import io.drover.module.Args;
import io.drover.module.Module;
import io.drover.module.ModuleContext;
import io.drover.module.ModuleResult;
import io.drover.template.TemplateException;
import io.drover.template.TextOptions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code package}: hands every argument but {@code use} to the host's package manager module, as Ansible's
 * package action does. The manager is {@code use}, else the {@code pkg_mgr} fact, else detected on the target
 * (the first of apt-get, dnf, yum, zypper, apk, pacman found, as fact gathering does). Drover has the apt module
 * only; any other manager fails with Ansible's "Could not find a module for X."
 *
 * <p><b>Round trips</b>: those of {@link AptModule}, plus 1 for the detection when facts were not gathered.
 */
public final class PackageModule implements Module {

    private final AptModule apt = new AptModule();

    @Override
    public String name() {
        return "package";
    }

    @Override
    public ArgSpec argSpec() {
        // The backend validates the rest, with its own messages.
        return ArgSpec.builder().anyKeys().add(ArgSpec.option("use", ArgSpec.Type.STR).withDefault("auto")).build();
    }

    @Override
    public ModuleResult run(ModuleContext ctx) throws ConnectionException {
        String use = ctx.args().str("use");
        if (use == null || use.equals("auto")) {
            use = factPkgMgr(ctx.variables());
        }
        if (use == null || use.equals("auto")) {
            CommandResult r = ctx.exec("for p in apt-get dnf yum zypper apk pacman; do "
                    + "if command -v \"$p\" >/dev/null 2>&1; then echo \"$p\"; break; fi; done");
            String bin = r.stdout().strip();
            use = bin.isEmpty() ? "auto" : bin.equals("apt-get") ? "apt" : bin;
        }
        if (use.equals("auto") || use.equals("unknown")) {
            return ModuleResult.failed(
                    "Could not detect which package manager to use. Try gathering facts or setting the \"use\" option.");
        }
        String backend = use.replaceFirst("^(ansible\\.(builtin|legacy)\\.)", "");
        if (!backend.equals("apt")) {
            return ModuleResult.failed("Could not find a module for " + use + ".");
        }
        Map<String, Object> given = new LinkedHashMap<>(ctx.args().asMap());
        given.remove("use");
        // Undeclared keys arrive as given; declared ones of this spec (only use) are gone, so apt sees the task's.
        Args args;
        try {
            args = apt.argSpec().validate("ansible.legacy.apt", given);
        } catch (ArgumentException e) {
            return ModuleResult.failed(e.getMessage());
        }
        return apt.run(new WithArgs(ctx, args));
    }

    private static String factPkgMgr(Map<String, Object> vars) {
        Object facts = vars.get("ansible_facts");
        if (facts instanceof Map<?, ?> m && m.get("pkg_mgr") != null) {
            return String.valueOf(m.get("pkg_mgr"));
        }
        Object direct = vars.get("ansible_pkg_mgr");
        return direct == null ? null : String.valueOf(direct);
    }

    /** The task's context with the backend's validated arguments. */
    private record WithArgs(ModuleContext ctx, Args args) implements ModuleContext {
        @Override
        public String host() {
            return ctx.host();
        }

        @Override
        public CommandResult exec(String script, byte[] stdin) throws ConnectionException {
            return ctx.exec(script, stdin);
        }

        @Override
        public void put(byte[] content, String remotePath, int mode) throws ConnectionException {
            ctx.put(content, remotePath, mode);
        }

        @Override
        public boolean checkMode() {
            return ctx.checkMode();
        }

        @Override
        public boolean diffMode() {
            return ctx.diffMode();
        }

        @Override
        public int verbosity() {
            return ctx.verbosity();
        }

        @Override
        public Object evaluate(String expression) {
            return ctx.evaluate(expression);
        }

        @Override
        public boolean condition(Object condition) {
            return ctx.condition(condition);
        }

        @Override
        public Object template(Object value) {
            return ctx.template(value);
        }

        @Override
        public Map<String, Object> variables() {
            return ctx.variables();
        }

        @Override
        public String renderFile(Path template, Map<String, Object> extraVars, TextOptions options)
                throws TemplateException {
            return ctx.renderFile(template, extraVars, options);
        }
    }
}
