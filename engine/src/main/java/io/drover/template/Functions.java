package io.drover.template;

import com.hubspot.jinjava.el.ext.NamedParameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Global functions Ansible adds to Jinja: {@code lookup}, {@code query}/{@code q}, and Jinja's {@code dict()}. */
public final class Functions {

    private Functions() {
    }

    public static Object lookup(Object... args) {
        return call(args, false);
    }

    public static Object query(Object... args) {
        return call(args, true);
    }

    public static Object q(Object... args) {
        return call(args, true);
    }

    /** The arguments of a test call, kept apart so Jinjava does not read them as one tuple. */
    record TestArgs(Object[] args) {
    }

    public static Object testArgs(Object... args) {
        return new TestArgs(args);
    }

    /** {@code dict(a=1, b=2)}. */
    public static Object dict(Object... args) {
        Map<Object, Object> out = new LinkedHashMap<>();
        for (Object a : args) {
            if (a instanceof NamedParameter np) {
                out.put(np.getName(), np.getValue());
            } else if (a instanceof Map<?, ?> m) {
                out.putAll(m);
            } else if (a instanceof List<?> l) {
                for (Object pair : l) {
                    List<Object> kv = Values.iterate(pair);
                    out.put(kv.get(0), kv.get(1));
                }
            }
        }
        return out;
    }

    private static Object call(Object[] args, boolean wantList) {
        RenderContext rc = RenderContext.current();
        if (rc == null || args.length == 0) {
            throw new FilterError("lookup requires the name of a lookup plugin");
        }
        List<Object> terms = new ArrayList<>();
        Map<String, Object> kwargs = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i] instanceof NamedParameter np) {
                kwargs.put(np.getName(), np.getValue());
            } else {
                Values.checkDefined(args[i]);
                terms.add(args[i]);
            }
        }
        String name = JinjaSource.unqualify(Values.str(args[0]));
        return rc.templar.lookups().run(name, terms, kwargs, wantList || Values.truthy(kwargs.get("wantlist")), rc.vars);
    }
}
