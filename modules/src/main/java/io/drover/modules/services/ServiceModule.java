package io.drover.modules.services;

import io.drover.connection.ConnectionException;
import io.drover.module.ArgSpec;
import io.drover.module.ArgSpec.Type;
import io.drover.module.ArgumentException;
import io.drover.module.Module;
import io.drover.module.ModuleContext;
import io.drover.module.ModuleResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code service}: as ansible-core 2.14's service action does, picks the backend from {@code use} or the host's
 * service manager ({@code ansible_facts.service_mgr}, else detected on the host as Ansible's fact collector does)
 * and, for systemd, runs the {@link SystemdModule systemd module} with the task's arguments: {@code pattern},
 * {@code runlevel}, {@code sleep}, {@code arguments} and {@code args} are dropped with Ansible's warning
 * ({@code Ignoring "sleep" as it is not used in "systemd"}), everything else (including systemd-only options such
 * as {@code masked}) is checked against the systemd module's spec, and the result is the systemd module's.
 *
 * <p><b>Round trips.</b> 1, as for {@link SystemdModule}; when facts were not gathered, the service-manager
 * detection runs at the start of the same script (Ansible spends an extra {@code setup} call on it).
 *
 * <p>Known difference: only the systemd backend exists; on a host managed by anything else the task fails, saying
 * so, where Ansible would use its sysvinit/openrc/upstart/generic code.
 */
public final class ServiceModule implements Module {

    private static final List<String> UNUSED_BY_SYSTEMD = List.of("pattern", "runlevel", "sleep", "arguments", "args");

    @Override
    public String name() {
        return "service";
    }

    /** Any keys: the action passes them on to the backend module, whose own spec then checks them. */
    @Override
    public ArgSpec argSpec() {
        return ArgSpec.builder().anyKeys().add(ArgSpec.option("use", Type.STR).withDefault("auto")).build();
    }

    @Override
    public ModuleResult run(ModuleContext ctx) throws ConnectionException {
        Map<String, Object> given = new LinkedHashMap<>(ctx.args().asMap());
        String use = String.valueOf(given.remove("use")).toLowerCase(Locale.ROOT);
        if (use.equals("auto")) {
            use = factManager(ctx.variables());
        }
        if (use != null && !use.equals("systemd")) {
            return otherManager(use);
        }
        List<String> warnings = new ArrayList<>();
        for (String unused : UNUSED_BY_SYSTEMD) {
            if (given.containsKey(unused)) {
                given.remove(unused);
                warnings.add("Ignoring \"" + unused + "\" as it is not used in \"systemd\"");
            }
        }
        SystemdRequest request;
        try {
            request = SystemdRequest.of(SystemdRequest.spec().validate("ansible.legacy.systemd", given));
        } catch (ArgumentException e) {
            return ModuleResult.builder().failed(e.getMessage()).putAll(warnings.isEmpty() ? Map.of()
                    : Map.of("warnings", List.copyOf(warnings))).build();
        }
        return SystemdModule.run(ctx, request, use == null, warnings);
    }

    /** The service manager gathered facts name, or null when facts were not gathered. */
    private static String factManager(Map<String, Object> vars) {
        Object facts = vars.get("ansible_facts");
        if (facts instanceof Map<?, ?> m && m.get("service_mgr") instanceof String name && !name.isEmpty()) {
            return name;
        }
        return null;
    }

    /** The failure for a host whose service manager is not systemd. */
    static ModuleResult otherManager(String manager) {
        return ModuleResult.failed("Drover's service module supports only the systemd backend; this host's service "
                + "manager is " + manager);
    }
}
