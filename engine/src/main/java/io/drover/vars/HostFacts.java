package io.drover.vars;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a run learns about one host and keeps across plays: gathered facts and the variables set by
 * {@code set_fact} and {@code register}. Read concurrently (hostvars from other hosts' tasks), written by the
 * host's own task thread.
 */
public final class HostFacts {

    private final Map<String, Object> facts = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, Object> variables = Collections.synchronizedMap(new LinkedHashMap<>());

    /** {@code ansible_facts}: gathered facts and cacheable set_facts. */
    public Map<String, Object> facts() {
        return facts;
    }

    /** set_fact and register results (precedence 19). */
    public Map<String, Object> variables() {
        return variables;
    }

    public void addFacts(Map<String, ?> gathered) {
        facts.putAll(gathered);
    }

    public void set(String name, Object value) {
        variables.put(name, value);
    }

    public void clearFacts() {
        facts.clear();
    }
}
