package io.drover.vars;

import java.util.Map;

/**
 * One precedence level of a host's variables. Raw layers hold what the user wrote (rendered when used); final
 * layers hold values that must never be rendered again (facts, registered results, set_fact values, magic vars).
 */
public record Layer(String name, Map<String, Object> values, boolean raw) {

    public static Layer raw(String name, Map<String, Object> values) {
        return new Layer(name, values, true);
    }

    public static Layer fixed(String name, Map<String, Object> values) {
        return new Layer(name, values, false);
    }
}
