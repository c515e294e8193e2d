package io.drover.playbook;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A role as one inclusion of it uses it: where it lives, its defaults and vars, and the parameters the play passed.
 * Its tasks arrive as a {@link Block} carrying this record, so the executor knows the banner prefix
 * ({@code role : task}), the variables and the role's search path while it runs them.
 */
public record Role(String name, Path path, Map<String, Object> defaults, Map<String, Object> vars,
                   Map<String, Object> params) {
    public Role {
        defaults = Collections.unmodifiableMap(new LinkedHashMap<>(defaults));
        vars = Collections.unmodifiableMap(new LinkedHashMap<>(vars));
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }
}
