package io.drover.module;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The modules available to a run, found with {@link ServiceLoader}. Names must be unique; the prefixes
 * {@code ansible.builtin.} and {@code ansible.legacy.} resolve to the same short names.
 */
public final class ModuleRegistry {

    private static final String[] BUILTIN_PREFIXES = {"ansible.builtin.", "ansible.legacy."};

    private final Map<String, Module> modules;

    private ModuleRegistry(Map<String, Module> modules) {
        this.modules = Collections.unmodifiableMap(modules);
    }

    /** Loads every {@link Module} visible to the class loader. */
    public static ModuleRegistry load(ClassLoader loader) {
        Map<String, Module> found = new LinkedHashMap<>();
        for (Module m : ServiceLoader.load(Module.class, loader)) {
            add(found, m);
        }
        return new ModuleRegistry(found);
    }

    public static ModuleRegistry of(Collection<? extends Module> modules) {
        Map<String, Module> found = new LinkedHashMap<>();
        modules.forEach(m -> add(found, m));
        return new ModuleRegistry(found);
    }

    private static void add(Map<String, Module> found, Module m) {
        String name = m.name();
        if (name == null || name.isBlank() || name.startsWith("ansible.")) {
            throw new IllegalStateException("Module " + m.getClass().getName()
                    + " has an invalid name '" + name + "': names are short, the ansible.* prefixes are reserved");
        }
        Module previous = found.putIfAbsent(name, m);
        if (previous != null) {
            throw new IllegalStateException("Two modules are named '" + name + "': "
                    + previous.getClass().getName() + " and " + m.getClass().getName());
        }
    }

    /** The module for an action as written in a task (short name or ansible.builtin/ansible.legacy FQCN). */
    public Optional<Module> find(String action) {
        return Optional.ofNullable(modules.get(shortName(action)));
    }

    /** {@code ansible.builtin.copy} → {@code copy}; other names unchanged. */
    public static String shortName(String action) {
        for (String prefix : BUILTIN_PREFIXES) {
            if (action.startsWith(prefix)) {
                return action.substring(prefix.length());
            }
        }
        return action;
    }

    public Collection<Module> all() {
        return modules.values();
    }
}
