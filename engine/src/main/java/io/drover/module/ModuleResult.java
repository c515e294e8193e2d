package io.drover.module;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The result of running a module on one host: the same keys the Ansible module returns ({@code changed},
 * {@code failed}, {@code msg}, {@code rc}, ...). Immutable once built.
 */
public final class ModuleResult {

    private final Map<String, Object> data;

    private ModuleResult(Map<String, Object> data) {
        this.data = Collections.unmodifiableMap(data);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static ModuleResult ok(boolean changed) {
        return builder().changed(changed).build();
    }

    public static ModuleResult failed(String msg) {
        return builder().failed(msg).build();
    }

    public static ModuleResult of(Map<String, Object> data) {
        return new ModuleResult(new LinkedHashMap<>(data));
    }

    public Map<String, Object> data() {
        return data;
    }

    public boolean changed() {
        return Boolean.TRUE.equals(data.get("changed"));
    }

    public boolean failed() {
        return Boolean.TRUE.equals(data.get("failed"));
    }

    public boolean skipped() {
        return Boolean.TRUE.equals(data.get("skipped"));
    }

    @Override
    public String toString() {
        return data.toString();
    }

    /** Collects result keys in the order modules set them. */
    public static final class Builder {
        private final Map<String, Object> data = new LinkedHashMap<>();

        public Builder changed(boolean changed) {
            data.put("changed", changed);
            return this;
        }

        public Builder failed(String msg) {
            data.put("failed", true);
            data.put("msg", msg);
            return this;
        }

        public Builder skipped(String msg) {
            data.put("skipped", true);
            data.put("msg", msg);
            return this;
        }

        public Builder msg(String msg) {
            data.put("msg", msg);
            return this;
        }

        public Builder put(String key, Object value) {
            data.put(key, value);
            return this;
        }

        public Builder putAll(Map<String, ?> values) {
            data.putAll(values);
            return this;
        }

        public ModuleResult build() {
            data.putIfAbsent("changed", false);
            return new ModuleResult(data);
        }
    }
}
