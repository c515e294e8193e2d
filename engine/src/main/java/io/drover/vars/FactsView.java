package io.drover.vars;

import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Facts as top-level variables: {@code ansible_facts} itself plus {@code ansible_<name>} for each fact
 * (Ansible's inject_facts_as_vars), without copying the facts.
 */
final class FactsView extends AbstractMap<String, Object> {
    private final Map<String, Object> facts;

    FactsView(Map<String, Object> facts) {
        this.facts = facts;
    }

    @Override
    public boolean containsKey(Object key) {
        if ("ansible_facts".equals(key)) {
            return true;
        }
        return key instanceof String s && s.startsWith("ansible_") && facts.containsKey(s.substring(8));
    }

    @Override
    public Object get(Object key) {
        if ("ansible_facts".equals(key)) {
            return facts;
        }
        if (key instanceof String s && s.startsWith("ansible_")) {
            return facts.get(s.substring(8));
        }
        return null;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("ansible_facts", facts);
        synchronized (facts) {
            facts.forEach((k, v) -> all.put("ansible_" + k, v));
        }
        return all.entrySet();
    }
}
