package io.drover.vars;

import java.util.Map;

/**
 * Variables that belong to one play: {@code vars:}, the loaded {@code vars_files}, and play-level magic
 * variables (play_hosts, ansible_play_batch, ansible_play_name, ...).
 */
public record PlayScope(Map<String, Object> playVars, Map<String, Object> varsFiles, Map<String, Object> magic) {
    public static final PlayScope EMPTY = new PlayScope(Map.of(), Map.of(), Map.of());

    /** The same play with some magic variables replaced (the active hosts change as hosts fail). */
    public PlayScope withMagic(Map<String, Object> changes) {
        Map<String, Object> m = new java.util.LinkedHashMap<>(magic);
        m.putAll(changes);
        return new PlayScope(playVars, varsFiles, m);
    }

    /** The same play without its vars and vars_files, as hostvars sees it. */
    public PlayScope withoutPlayVars() {
        return new PlayScope(Map.of(), Map.of(), magic);
    }
}
