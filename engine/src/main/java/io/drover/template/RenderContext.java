package io.drover.template;

import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import java.util.Map;

/**
 * Jinjava scope for one render: names not set inside the template are looked up lazily in the caller's variables
 * (never copied), and the first failure is remembered because Jinjava turns exceptions into soft errors and keeps
 * going.
 */
final class RenderContext extends Context {

    final Templar templar;
    final Map<String, Object> vars;
    private String failure;
    private boolean failureUndefined;

    RenderContext(Context parent, Templar templar, Map<String, Object> vars) {
        super(parent);
        this.templar = templar;
        this.vars = vars;
        setDynamicVariableResolver(this::resolve);
    }

    private Object resolve(String jinjavaName) {
        String name = jinjavaName.startsWith(JinjaSource.RESERVED_PREFIX)
                ? jinjavaName.substring(JinjaSource.RESERVED_PREFIX.length()) : jinjavaName;
        if (vars.containsKey(name)) {
            Object v = vars.get(name);
            return v instanceof CharSequence cs && !(v instanceof String) ? cs.toString() : v;
        }
        return switch (name) {
            case "none", "None" -> null;
            default -> undefined(Undefined.variable(name));
        };
    }

    /** The undefined value created last: Jinjava's coercion errors name only its class, Ansible names the variable. */
    Undefined lastUndefined;

    Undefined undefined(Undefined u) {
        lastUndefined = u;
        return u;
    }

    /** Dependency tracking would climb into the shared global context; renders do not need it. */
    @Override
    public void addDependency(String type, String identification) {
    }

    @Override
    public void addDependencies(com.google.common.collect.SetMultimap<String, String> dependencies) {
    }

    void fail(String message, boolean undefined) {
        if (failure == null) {
            failure = message;
            failureUndefined = undefined;
        }
    }

    String failure() {
        return failure;
    }

    boolean failureUndefined() {
        return failureUndefined;
    }

    /** The render state of the template being rendered on this thread. */
    static RenderContext current() {
        JinjavaInterpreter interpreter = JinjavaInterpreter.getCurrent();
        return interpreter == null ? null : of(interpreter);
    }

    static RenderContext of(JinjavaInterpreter interpreter) {
        Context c = interpreter.getContext();
        while (c != null && !(c instanceof RenderContext)) {
            c = c.getParent();
        }
        return (RenderContext) c;
    }
}
