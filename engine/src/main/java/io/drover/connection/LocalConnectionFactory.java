package io.drover.connection;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Opens {@link LocalConnection}s: commands run as child processes of the controller ({@code ansible_connection=local},
 * also the implicit localhost).
 */
public final class LocalConnectionFactory implements ConnectionFactory {

    /**
     * Variables that configure the JVM running Drover, not the commands it runs: a child {@code java} would pick them
     * up and behave differently from the same command run over ssh.
     */
    private static final Set<String> CONTROLLER_ONLY = Set.of(
            "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS", "CLASSPATH");

    private final Map<String, String> baseEnv;

    /** A factory whose commands inherit the controller's environment (minus JVM launcher settings). */
    public LocalConnectionFactory() {
        this(System.getenv());
    }

    /** A factory whose commands start from {@code controllerEnv} (minus JVM launcher settings). */
    public LocalConnectionFactory(Map<String, String> controllerEnv) {
        Map<String, String> env = new HashMap<>(controllerEnv);
        env.keySet().removeAll(CONTROLLER_ONLY);
        this.baseEnv = Map.copyOf(env);
    }

    @Override
    public Set<String> types() {
        return Set.of("local");
    }

    @Override
    public Connection open(ConnectionSpec spec) {
        return new LocalConnection(spec.inventoryName(), baseEnv);
    }
}
