package io.drover.module;

import io.drover.connection.CommandResult;
import io.drover.connection.ConnectionException;
import io.drover.template.TemplateException;
import io.drover.template.TextOptions;
import java.nio.file.Path;
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

    /**
     * Finds a controller file by Ansible's search rules ({@link ControllerFiles}): {@code kind} is {@code files}
     * for copy, {@code templates} for template.
     */
    default ControllerFiles.Search findFile(String kind, String name) {
        return ControllerFiles.search(variables(), kind, name);
    }

    /**
     * Renders a template file on the controller against the host's variables plus {@code extraVars} (which win),
     * as the template module does: text output, trailing newline kept, includes resolved beside the file first.
     *
     * @throws TemplateException with Ansible's wording when the template cannot be rendered
     */
    String renderFile(Path template, Map<String, Object> extraVars, TextOptions options) throws TemplateException;

    /** The run's vault passwords (none unless the run was given some). */
    default io.drover.vault.Vault vault() {
        return new io.drover.vault.Vault(null);
    }

    /**
     * Reads a controller file ({@code src} of copy, unarchive), decrypting it when it is vaulted and {@code decrypt}
     * is set, as Ansible's action plugins do.
     *
     * @throws io.drover.vault.VaultException with Ansible's message when it is vaulted and cannot be decrypted
     */
    default byte[] readControllerFile(Path file, boolean decrypt) throws java.io.IOException {
        byte[] data = java.nio.file.Files.readAllBytes(file);
        return decrypt ? vault().realFile(data, file.toString()) : data;
    }
}
