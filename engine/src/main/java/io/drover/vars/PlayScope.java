package io.drover.vars;

import java.util.Map;

/**
 * Variables that belong to one play: {@code vars:}, the loaded {@code vars_files}, play-level magic variables
 * (play_hosts, ansible_play_batch, ansible_play_name, ...) and the defaults and vars of the play's roles, which
 * every task of the play sees (Ansible's private_role_vars=false).
 */
public record PlayScope(Map<String, Object> playVars, Map<String, Object> varsFiles, Map<String, Object> magic,
                        Map<String, Object> roleDefaults, Map<String, Object> roleVars) {
    public static final PlayScope EMPTY = new PlayScope(Map.of(), Map.of(), Map.of());

    public PlayScope(Map<String, Object> playVars, Map<String, Object> varsFiles, Map<String, Object> magic) {
        this(playVars, varsFiles, magic, Map.of(), Map.of());
    }

    /** The same play with some magic variables replaced (the active hosts change as hosts fail). */
    public PlayScope withMagic(Map<String, Object> changes) {
        Map<String, Object> m = new java.util.LinkedHashMap<>(magic);
        m.putAll(changes);
        return new PlayScope(playVars, varsFiles, m, roleDefaults, roleVars);
    }

    /** The same play without its vars and vars_files, as hostvars sees it. */
    public PlayScope withoutPlayVars() {
        return new PlayScope(Map.of(), Map.of(), magic, Map.of(), Map.of());
    }
}
