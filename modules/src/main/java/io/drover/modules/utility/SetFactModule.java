package io.drover.modules.utility;

import io.drover.module.ArgSpec;
import io.drover.module.ArgSpec.Type;
import io.drover.module.Module;
import io.drover.module.ModuleContext;
import io.drover.module.ModuleResult;
import io.drover.template.PythonRepr;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code set_fact}: host variables that persist for the rest of the run. Values arrive templated; the engine stores
 * the returned {@code ansible_facts} as set_fact variables.
 */
public final class SetFactModule implements Module {

    private static final Pattern NAME = Pattern.compile("^[a-zA-Z_][a-zA-Z0-9_]*$");

    @Override
    public String name() {
        return "set_fact";
    }

    @Override
    public ArgSpec argSpec() {
        return ArgSpec.builder().anyKeys().add(ArgSpec.option("cacheable", Type.BOOL).withDefault(false)).build();
    }

    @Override
    public ModuleResult run(ModuleContext ctx) {
        Map<String, Object> facts = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : ctx.args().asMap().entrySet()) {
            if (e.getKey().equals("cacheable")) {
                continue;
            }
            String key = PythonRepr.str(ctx.template(e.getKey()));
            if (!NAME.matcher(key).matches()) {
                return ModuleResult.builder().failed("The variable name '" + key + "' is not valid. Variables must start "
                        + "with a letter or underscore character, and contain only letters, numbers and underscores.").build();
            }
            Object v = e.getValue();
            // Ansible turns the strings true/false/yes/no into booleans when jinja2_native is off (the default).
            if (v instanceof String s && switch (s.toLowerCase(Locale.ROOT)) {
                case "true", "false", "yes", "no" -> true;
                default -> false;
            }) {
                v = s.equalsIgnoreCase("true") || s.equalsIgnoreCase("yes");
            }
            facts.put(key, v);
        }
        if (facts.isEmpty()) {
            return ModuleResult.builder()
                    .failed("No key/value pairs provided, at least one is required for this action to succeed").build();
        }
        return ModuleResult.builder().put("ansible_facts", facts)
                .put("_ansible_facts_cacheable", ctx.args().bool("cacheable")).changed(false).build();
    }
}
