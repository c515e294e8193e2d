package io.drover.modules.facts;

import io.drover.connection.CommandResult;
import io.drover.connection.ConnectionException;
import io.drover.module.ArgSpec;
import io.drover.module.ArgSpec.Type;
import io.drover.module.Module;
import io.drover.module.ModuleContext;
import io.drover.module.ModuleResult;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code setup} / fact gathering: the common facts in ONE round trip. A POSIX script reads them on the target and
 * prints {@code key=value} lines, which {@link FactsParser} turns into Ansible's fact names and shapes.
 */
public final class SetupModule implements Module {

    @Override
    public String name() {
        return "setup";
    }

    @Override
    public ArgSpec argSpec() {
        return ArgSpec.builder()
                .add(ArgSpec.option("gather_subset", Type.LIST).withDefault(java.util.List.of("all")))
                .add(ArgSpec.option("gather_timeout", Type.INT).withDefault(10L))
                .add(ArgSpec.option("filter", Type.LIST).withDefault(java.util.List.of()))
                .add(ArgSpec.option("fact_path", Type.PATH).withDefault("/etc/ansible/facts.d"))
                .build();
    }

    @Override
    public ModuleResult run(ModuleContext context) throws ConnectionException {
        CommandResult r = context.exec(FactsScript.TEXT);
        if (r.exitCode() != 0) {
            return ModuleResult.builder().failed("fact gathering failed: " + r.stderr().strip())
                    .put("rc", (long) r.exitCode()).build();
        }
        Map<String, Object> facts = FactsParser.parse(r.stdout());
        return ModuleResult.builder().put("ansible_facts", facts).changed(false).build();
    }

    /** The script, kept in a resource so it reads as shell. */
    static final class FactsScript {
        static final String TEXT = load();

        private static String load() {
            try (var in = SetupModule.class.getResourceAsStream("facts.sh")) {
                if (in == null) {
                    throw new IllegalStateException("facts.sh missing from the modules jar");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
