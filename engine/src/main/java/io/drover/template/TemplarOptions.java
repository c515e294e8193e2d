package io.drover.template;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Settings of a {@link Templar}.
 *
 * @param baseDir  directory relative lookup paths fall back to when neither {@code ansible_search_path} nor
 *                 {@code playbook_dir} is among the variables
 * @param warnings sink for {@code [WARNING]} texts (lookup errors='warn', deprecated syntax)
 * @param environment controller environment seen by {@code lookup('env')}; {@code null} = this process's environment
 */
public record TemplarOptions(Path baseDir, Consumer<String> warnings, Map<String, String> environment) {

    public TemplarOptions(Path baseDir, Consumer<String> warnings) {
        this(baseDir, warnings, null);
    }

    /** Current directory as base, warnings dropped. */
    public static TemplarOptions defaults() {
        return new TemplarOptions(Path.of("").toAbsolutePath(), w -> { }, null);
    }

    public Map<String, String> environmentOrSystem() {
        return environment == null ? System.getenv() : environment;
    }
}
