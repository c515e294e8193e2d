package io.drover.template;

import com.hubspot.jinjava.objects.SafeString;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Python semantics for the plain Java data templates work on (str(), truthiness, equality, ordering, type names). */
final class Values {

    private Values() {
    }

    static String typeName(Object v) {
        if (v == null) {
            return "NoneType";
        } else if (v instanceof Boolean) {
            return "bool";
        } else if (v instanceof Double || v instanceof Float || v instanceof BigDecimal) {
            return "float";
        } else if (v instanceof Number) {
            return "int";
        } else if (v instanceof CharSequence || v instanceof Character) {
            return "str";
        } else if (v instanceof Map<?, ?>) {
            return "dict";
        } else if (v instanceof List<?> || v instanceof Collection<?>) {
            return "list";
        } else if (v instanceof Undefined) {
            return "AnsibleUndefined";
        }
        return v.getClass().getSimpleName();
    }

    /** Jinja truthiness; using an undefined value fails. */
    static boolean truthy(Object v) {
        if (v == null) {
            return false;
        } else if (v instanceof Undefined u) {
            throw new Undefined.UndefinedUse(u.message());
        } else if (v instanceof Boolean b) {
            return b;
        } else if (v instanceof Number n) {
            return n.doubleValue() != 0;
        } else if (v instanceof CharSequence s) {
            return !s.isEmpty();
        } else if (v instanceof Collection<?> c) {
            return !c.isEmpty();
        } else if (v instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        return true;
    }

    /** Python {@code str()}; undefined values fail. */
    static String str(Object v) {
        checkDefined(v);
        if (v instanceof CharSequence s) {
            return s.toString();
        }
        return PythonRepr.str(toPlain(v));
    }

    /** Text of a value as Ansible's Jinja environment writes it into output: None becomes empty. */
    static String output(Object v) {
        return v == null ? "" : str(v);
    }

    static void checkDefined(Object v) {
        if (v instanceof Undefined u) {
            throw new Undefined.UndefinedUse(u.message());
        }
    }

    /**
     * Deep copy into plain Java data (ArrayList, LinkedHashMap, Long, Double, String, Boolean, null), dropping
     * Jinjava's wrapper types. Undefined values anywhere fail.
     */
    static Object toPlain(Object v) {
        if (v instanceof NativeText t) {
            return t.text();
        }
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof Double) {
            return v;
        } else if (v instanceof Undefined u) {
            throw new Undefined.UndefinedUse(u.message());
        } else if (v instanceof SafeString s) {
            return s.toString();
        } else if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        } else if (v instanceof BigInteger b) {
            return b.bitLength() < 64 ? (Object) b.longValue() : b;
        } else if (v instanceof Float || v instanceof BigDecimal) {
            return ((Number) v).doubleValue();
        } else if (v instanceof Character c) {
            return c.toString();
        } else if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put(toPlain(e.getKey()), toPlain(e.getValue()));
            }
            return out;
        } else if (v instanceof Tuple t) {
            List<Object> out = new ArrayList<>(t.size());
            for (Object o : t) {
                out.add(toPlain(o));
            }
            return new Tuple(out);
        } else if (v instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            for (Object o : c) {
                out.add(toPlain(o));
            }
            return out;
        } else if (v instanceof Object[] a) {
            List<Object> out = new ArrayList<>(a.length);
            for (Object o : a) {
                out.add(toPlain(o));
            }
            return out;
        }
        return v;
    }

    /** Plain data for callers: like {@link #toPlain} but tuples become ordinary lists. */
    static Object toData(Object v) {
        Object p = toPlain(v);
        return p instanceof List<?> || p instanceof Map<?, ?> ? untuple(p) : p;
    }

    private static Object untuple(Object v) {
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) {
                out.add(untuple(o));
            }
            return out;
        } else if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put(e.getKey(), untuple(e.getValue()));
            }
            return out;
        }
        return v;
    }

    /** Iterating a value as Python does: lists/sets as they are, dicts by key, strings by character. */
    static List<Object> iterate(Object v) {
        checkDefined(v);
        if (v instanceof List<?> l) {
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) l;
            return list;
        } else if (v instanceof Collection<?> c) {
            return new ArrayList<>(c);
        } else if (v instanceof Map<?, ?> m) {
            return new ArrayList<>(m.keySet());
        } else if (v instanceof CharSequence s) {
            List<Object> out = new ArrayList<>();
            s.toString().codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
            return out;
        } else if (v instanceof Iterable<?> it) {
            List<Object> out = new ArrayList<>();
            Iterator<?> i = it.iterator();
            while (i.hasNext()) {
                out.add(i.next());
            }
            return out;
        } else if (v instanceof Object[] a) {
            return new ArrayList<>(List.of(a));
        }
        throw new IllegalArgumentException("'" + typeName(v) + "' object is not iterable");
    }

    static boolean isNumber(Object v) {
        return v instanceof Number && !(v instanceof Boolean);
    }

    static boolean isInteger(Object v) {
        return v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte || v instanceof BigInteger;
    }

    /** Python {@code ==}: numbers by value (1 == 1.0, True == 1), strings by text, containers deeply. */
    static boolean pyEquals(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        if ((a instanceof Number || a instanceof Boolean) && (b instanceof Number || b instanceof Boolean)) {
            if (isInteger(num(a)) && isInteger(num(b))) {
                return num(a).longValue() == num(b).longValue();
            }
            return num(a).doubleValue() == num(b).doubleValue();
        }
        if (a instanceof CharSequence && b instanceof CharSequence) {
            return a.toString().equals(b.toString());
        }
        if (a instanceof List<?> la && b instanceof List<?> lb) {
            if (la.size() != lb.size()) {
                return false;
            }
            for (int i = 0; i < la.size(); i++) {
                if (!pyEquals(la.get(i), lb.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
            if (ma.size() != mb.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : ma.entrySet()) {
                Object key = findKey(mb, e.getKey());
                if (key == NO_KEY || !pyEquals(e.getValue(), mb.get(key))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    static final Object NO_KEY = new Object();

    /** The key of {@code m} equal (Python-wise) to {@code key}, or {@link #NO_KEY}. */
    static Object findKey(Map<?, ?> m, Object key) {
        if (m.containsKey(key)) {
            return key;
        }
        if (key instanceof CharSequence s && m.containsKey(s.toString())) {
            return s.toString();
        }
        for (Object k : m.keySet()) {
            if (pyEquals(k, key)) {
                return k;
            }
        }
        return NO_KEY;
    }

    static boolean contains(Object container, Object item) {
        checkDefined(container);
        if (container instanceof CharSequence s) {
            return s.toString().contains(str(item));
        } else if (container instanceof Map<?, ?> m) {
            return findKey(m, item) != NO_KEY;
        }
        for (Object o : iterate(container)) {
            if (pyEquals(o, item)) {
                return true;
            }
        }
        return false;
    }

    private static Number num(Object v) {
        if (v instanceof Boolean b) {
            return b ? 1L : 0L;
        }
        return (Number) v;
    }

    /** Python ordering for sort/min/max/comparison tests; mixed incomparable types fail like Python. */
    static int compare(Object a, Object b) {
        if ((a instanceof Number || a instanceof Boolean) && (b instanceof Number || b instanceof Boolean)) {
            if (isInteger(num(a)) && isInteger(num(b))) {
                return Long.compare(num(a).longValue(), num(b).longValue());
            }
            return Double.compare(num(a).doubleValue(), num(b).doubleValue());
        }
        if (a instanceof CharSequence && b instanceof CharSequence) {
            return a.toString().compareTo(b.toString());
        }
        if (a instanceof List<?> la && b instanceof List<?> lb) {
            for (int i = 0; i < Math.min(la.size(), lb.size()); i++) {
                int c = compare(la.get(i), lb.get(i));
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(la.size(), lb.size());
        }
        throw new IllegalArgumentException("'<' not supported between instances of '" + typeName(a) + "' and '"
                + typeName(b) + "'");
    }

    static long toLong(Object v) {
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (v instanceof Number n) {
            return n.longValue();
        }
        return Long.parseLong(str(v).trim());
    }

    static double toDouble(Object v) {
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        return Double.parseDouble(str(v).trim());
    }

    /** A Java number in the form Python would produce: integral results as Long, others as Double. */
    static Object number(double d, boolean integral) {
        return integral ? (Object) (long) d : (Object) d;
    }
}
