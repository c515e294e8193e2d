package io.drover.inventory;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Read-only copies that keep insertion order and allow null values (YAML {@code key:} is null). */
final class Frozen {

    private Frozen() {
    }

    static <K, V> Map<K, V> map(Map<K, V> source) {
        if (source == null || source.isEmpty()) {
            return Map.of();
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(source));
    }
}
