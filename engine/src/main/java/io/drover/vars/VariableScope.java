package io.drover.vars;

import io.drover.template.TemplateException;
import io.drover.template.Templar;
import io.drover.vault.VaultException;
import io.drover.yaml.YamlLoader;
import java.util.AbstractMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The variables one task sees on one host: precedence layers, lowest first, looked up on demand. A raw value is
 * rendered when it is read, against this same scope, so {@code lazy: "{{ base }}-x"} follows a later
 * {@code set_fact: base} as in Ansible. Nothing is copied per host: hostvars of thousands of hosts stay cheap.
 *
 * <p>A scope is built for one host/task/item and used by one thread; it caches what it rendered.
 */
public final class VariableScope extends AbstractMap<String, Object> {

    private static final Object MISSING = new Object();

    private final List<Layer> layers;
    private final Templar templar;
    private final Map<String, Object> cache = new HashMap<>();
    private final Set<String> resolving = new HashSet<>();

    public VariableScope(List<Layer> layers, Templar templar) {
        this.layers = List.copyOf(layers);
        this.templar = templar;
    }

    /** A scope with one more layer on top (task vars, loop variables), sharing nothing mutable with this one. */
    public VariableScope with(Layer top) {
        List<Layer> more = new java.util.ArrayList<>(layers);
        more.add(top);
        return new VariableScope(more, templar);
    }

    public List<Layer> layers() {
        return layers;
    }

    @Override
    public boolean containsKey(Object key) {
        for (int i = layers.size() - 1; i >= 0; i--) {
            if (layers.get(i).values().containsKey(key)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Object get(Object key) {
        if (!(key instanceof String name)) {
            return null;
        }
        Object cached = cache.getOrDefault(name, MISSING);
        if (cached != MISSING) {
            return cached;
        }
        for (int i = layers.size() - 1; i >= 0; i--) {
            Layer layer = layers.get(i);
            Map<String, Object> values = layer.values();
            if (values.containsKey(name)) {
                Object value = values.get(name);
                if (layer.raw() && containsVault(value)) {
                    value = decrypted(value);
                }
                if (layer.raw() && containsTemplate(value)) {
                    value = render(name, value);
                }
                cache.put(name, value);
                return value;
            }
        }
        return null;
    }

    /** Whether a value, or any string nested in it, needs rendering (Ansible renders containers deeply). */
    static boolean containsTemplate(Object value) {
        if (value instanceof Map<?, ?> m) {
            for (Object v : m.values()) {
                if (containsTemplate(v)) {
                    return true;
                }
            }
            return false;
        }
        if (value instanceof List<?> l) {
            for (Object v : l) {
                if (containsTemplate(v)) {
                    return true;
                }
            }
            return false;
        }
        return Templar.isTemplate(value);
    }

    /** Whether a value holds an inline {@code !vault} value anywhere. */
    static boolean containsVault(Object value) {
        if (value instanceof Map<?, ?> m) {
            for (Object v : m.values()) {
                if (containsVault(v)) {
                    return true;
                }
            }
            return false;
        }
        if (value instanceof List<?> l) {
            for (Object v : l) {
                if (containsVault(v)) {
                    return true;
                }
            }
            return false;
        }
        return value instanceof YamlLoader.VaultText;
    }

    /**
     * The value with its vaulted strings decrypted. The plaintext is never templated (ansible-core hands it out
     * as it is), hence unsafe text. Decrypted when the variable is read, so unused vaulted variables need no
     * password, as in Ansible.
     */
    private static Object decrypted(Object value) {
        if (value instanceof YamlLoader.VaultText vault) {
            try {
                return new YamlLoader.UnsafeText(vault.plaintext());
            } catch (VaultException e) {
                throw new VariableException(e.getMessage(), e);
            }
        }
        if (value instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, decrypted(v)));
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new java.util.ArrayList<>(l.size());
            for (Object v : l) {
                out.add(decrypted(v));
            }
            return out;
        }
        return value;
    }

    /** The raw value as written at the highest layer that defines it (not rendered). */
    public Object raw(String name) {
        for (int i = layers.size() - 1; i >= 0; i--) {
            if (layers.get(i).values().containsKey(name)) {
                return layers.get(i).values().get(name);
            }
        }
        return null;
    }

    private Object render(String name, Object value) {
        if (!resolving.add(name)) {
            throw new VariableException("recursive loop detected in template string: " + value);
        }
        try {
            return templar.template(value, this);
        } catch (TemplateException e) {
            throw new VariableException(e.getMessage(), e);
        } finally {
            resolving.remove(name);
        }
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        // Only for printing whole scopes (debug var=vars / hostvars[h]); every name is rendered.
        Set<String> names = new LinkedHashSet<>();
        for (Layer layer : layers) {
            names.addAll(layer.values().keySet());
        }
        Map<String, Object> all = new LinkedHashMap<>();
        for (String n : names) {
            all.put(n, get(n));
        }
        return all.entrySet();
    }
}
