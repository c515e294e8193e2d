package io.drover.module;

import io.drover.connection.ConnectionException;

/**
 * A task action such as {@code command} or {@code copy}. Modules are found through {@link java.util.ServiceLoader}
 * (see {@link ModuleRegistry}); a user's jar on the classpath adds modules by listing them in
 * {@code META-INF/services/io.drover.module.Module}.
 *
 * <p>A module turns validated arguments into shell commands run on the target through
 * {@link ModuleContext#connection()}; no Python is copied to targets. It reports what happened as a
 * {@link ModuleResult} shaped like the result of the Ansible module of the same name.
 */
public interface Module {

    /** Short name, e.g. {@code command}; also reachable as {@code ansible.builtin.<name>} and {@code ansible.legacy.<name>}. */
    String name();

    /** Declares the accepted arguments; checked before the module runs. */
    ArgSpec argSpec();

    /**
     * Whether the module can predict its result in check mode. Modules that cannot are skipped under {@code -C}
     * with Ansible's message.
     */
    default boolean supportsCheckMode() {
        return true;
    }

    /**
     * Runs the module for one host (and one loop item). Throw {@link ConnectionException} when the host cannot
     * be reached; report every other failure in the result.
     */
    ModuleResult run(ModuleContext context) throws ConnectionException;
}
