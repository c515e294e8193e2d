package io.drover.module;

import io.drover.connection.CommandResult;
import io.drover.connection.ConnectionException;
import java.util.Map;

/** What a module sees while it runs for one host: its arguments, the host, and the run's modes. */
public interface ModuleContext {

    /** Validated, templated arguments. */
    Args args();

    /** Inventory name of the host the task runs for. */
    String host();

    /**
     * Runs a shell command on the target with the task's environment and become settings applied. This is the
     * only way a module reaches the host, so become and environment are handled in one place.
     */
    CommandResult exec(String script, byte[] stdin) throws ConnectionException;

    /** Like {@link #exec(String, byte[])} without standard input. */
    default CommandResult exec(String script) throws ConnectionException {
        return exec(script, null);
    }

    /** Writes a file on the target atomically. */
    void put(byte[] content, String remotePath, int mode) throws ConnectionException;

    boolean checkMode();

    boolean diffMode();

    int verbosity();

    /** Evaluates a bare Jinja expression (as in {@code when:} or {@code debug: var=}) against the host's variables. */
    Object evaluate(String expression);

    /** Evaluates a condition with Jinja truthiness, as {@code when:} does. */
    boolean condition(Object condition);

    /** Renders a value (strings inside lists/maps too) against the host's variables. */
    Object template(Object value);

    /** Host variables visible to the task (lazily templated view). */
    Map<String, Object> variables();
}
