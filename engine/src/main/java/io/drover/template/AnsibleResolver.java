package io.drover.template;

import java.beans.FeatureDescriptor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;

/**
 * Attribute access and method calls with Python's behaviour, placed before Jinjava's bean resolvers: a missing key
 * is an {@link Undefined} carrying Ansible's message, attributes of undefined values stay undefined (Ansible makes
 * undefined chainable), and {@code str}, {@code dict} and {@code list} methods ({@code 'a b'.split()},
 * {@code d.items()}, {@code l.append(x)}) exist.
 */
final class AnsibleResolver extends ELResolver {

    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        if (base == null) {
            return null;
        }
        if (base instanceof Undefined) {
            context.setPropertyResolved(true);
            return base;
        }
        if (base instanceof Map<?, ?> m) {
            context.setPropertyResolved(true);
            Object key = Values.findKey(m, property);
            if (key == Values.NO_KEY && property instanceof String s) {
                key = numericKey(m, s);
            }
            if (key == Values.NO_KEY) {
                return track(Undefined.attribute(base, property));
            }
            Object v = m.get(key);
            return v instanceof CharSequence cs && !(v instanceof String) ? cs.toString() : v;
        }
        if (base instanceof List<?> l) {
            context.setPropertyResolved(true);
            Long index = asIndex(property);
            if (index == null) {
                return track(Undefined.attribute(base, property));
            }
            long i = index < 0 ? index + l.size() : index;
            if (i < 0 || i >= l.size()) {
                return track(new Undefined("list object has no element " + index));
            }
            Object v = l.get((int) i);
            return v instanceof CharSequence cs && !(v instanceof String) ? cs.toString() : v;
        }
        if (base instanceof CharSequence s) {
            context.setPropertyResolved(true);
            Long index = asIndex(property);
            if (index == null) {
                return track(Undefined.attribute(base, property));
            }
            long i = index < 0 ? index + s.length() : index;
            if (i < 0 || i >= s.length()) {
                return new Undefined("string index out of range");
            }
            return String.valueOf(s.charAt((int) i));
        }
        return null;
    }

    private static Undefined track(Undefined u) {
        RenderContext rc = RenderContext.current();
        return rc == null ? u : rc.undefined(u);
    }

    private static Object numericKey(Map<?, ?> m, String s) {
        try {
            return Values.findKey(m, Long.parseLong(s));
        } catch (NumberFormatException e) {
            return Values.NO_KEY;
        }
    }

    private static Long asIndex(Object property) {
        if (property instanceof Number n && !(property instanceof Double)) {
            return n.longValue();
        }
        if (property instanceof String s) {
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
        if (base == null || method == null) {
            return null;
        }
        String name = method.toString();
        Object[] args = params == null ? new Object[0] : params;
        if (base instanceof Undefined u) {
            throw new Undefined.UndefinedUse(u.message());
        }
        Object result;
        if (base instanceof CharSequence s) {
            result = PyMethods.str(s.toString(), name, args);
        } else if (base instanceof Map<?, ?> m) {
            result = PyMethods.dict(m, name, args);
        } else if (base instanceof List<?> l) {
            result = PyMethods.list(l, name, args);
        } else {
            return null;
        }
        context.setPropertyResolved(true);
        return result;
    }

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {
        // writes go to the following resolvers
    }

    @Override
    public boolean isReadOnly(ELContext context, Object base, Object property) {
        return false;
    }

    @Override
    public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
        return null;
    }

    @Override
    public Class<?> getCommonPropertyType(ELContext context, Object base) {
        return Object.class;
    }

    /** Python's str, dict and list methods. */
    static final class PyMethods {

        private PyMethods() {
        }

        static Object str(String s, String name, Object[] a) {
            switch (name) {
                case "startswith":
                case "endswith": {
                    List<Object> options = a[0] instanceof List<?> l ? new ArrayList<>(l) : List.of(a[0]);
                    for (Object o : options) {
                        String p = Values.str(o);
                        if (name.equals("startswith") ? s.startsWith(p) : s.endsWith(p)) {
                            return true;
                        }
                    }
                    return false;
                }
                case "split":
                    return split(s, a.length > 0 ? a[0] : null, a.length > 1 ? (int) Values.toLong(a[1]) : -1);
                case "rsplit":
                    return rsplit(s, a.length > 0 ? a[0] : null, a.length > 1 ? (int) Values.toLong(a[1]) : -1);
                case "splitlines":
                    return Strings.splitlines(s);
                case "strip":
                    return Strings.strip(s, a.length > 0 ? a[0] : null, true, true);
                case "lstrip":
                    return Strings.strip(s, a.length > 0 ? a[0] : null, true, false);
                case "rstrip":
                    return Strings.strip(s, a.length > 0 ? a[0] : null, false, true);
                case "upper":
                    return s.toUpperCase();
                case "lower":
                    return s.toLowerCase();
                case "capitalize":
                    return Strings.capitalize(s);
                case "title":
                    return Strings.title(s);
                case "replace":
                    return Strings.replace(s, Values.str(a[0]), Values.str(a[1]), a.length > 2 ? (int) Values.toLong(a[2]) : -1);
                case "format":
                    return Strings.format(s, a);
                case "join":
                    return joinProper(s, a[0]);
                case "find":
                    return (long) s.indexOf(Values.str(a[0]));
                case "index": {
                    int i = s.indexOf(Values.str(a[0]));
                    if (i < 0) {
                        throw new IllegalArgumentException("substring not found");
                    }
                    return (long) i;
                }
                case "count":
                    return (long) Strings.count(s, Values.str(a[0]));
                case "isdigit":
                    return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
                case "isalpha":
                    return !s.isEmpty() && s.chars().allMatch(Character::isLetter);
                case "isalnum":
                    return !s.isEmpty() && s.chars().allMatch(Character::isLetterOrDigit);
                case "isspace":
                    return !s.isEmpty() && s.chars().allMatch(Character::isWhitespace);
                case "islower":
                    return s.chars().anyMatch(Character::isLetter) && s.equals(s.toLowerCase());
                case "isupper":
                    return s.chars().anyMatch(Character::isLetter) && s.equals(s.toUpperCase());
                case "zfill": {
                    int w = (int) Values.toLong(a[0]);
                    String sign = s.startsWith("-") || s.startsWith("+") ? s.substring(0, 1) : "";
                    String body = s.substring(sign.length());
                    return s.length() >= w ? s : sign + "0".repeat(w - s.length()) + body;
                }
                case "center":
                    return Strings.center(s, (int) Values.toLong(a[0]));
                case "swapcase": {
                    StringBuilder sb = new StringBuilder();
                    for (char c : s.toCharArray()) {
                        sb.append(Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
                    }
                    return sb.toString();
                }
                default:
                    throw new IllegalArgumentException("'str object' has no attribute '" + name + "'");
            }
        }

        private static String joinProper(String sep, Object items) {
            StringBuilder sb = new StringBuilder();
            boolean first = true;
            for (Object o : Values.iterate(items)) {
                if (!first) {
                    sb.append(sep);
                }
                first = false;
                sb.append(Values.str(o));
            }
            return sb.toString();
        }

        static List<Object> split(String s, Object sep, int max) {
            List<Object> out = new ArrayList<>();
            if (sep == null) {
                String rest = s.stripLeading();
                while (!rest.isEmpty()) {
                    if (max >= 0 && out.size() == max) {
                        out.add(rest);
                        return out;
                    }
                    int i = 0;
                    while (i < rest.length() && !Character.isWhitespace(rest.charAt(i))) {
                        i++;
                    }
                    out.add(rest.substring(0, i));
                    rest = rest.substring(i).stripLeading();
                }
                return out;
            }
            String p = Values.str(sep);
            if (p.isEmpty()) {
                throw new IllegalArgumentException("empty separator");
            }
            int start = 0;
            while (true) {
                int i = s.indexOf(p, start);
                if (i < 0 || (max >= 0 && out.size() == max)) {
                    out.add(s.substring(start));
                    return out;
                }
                out.add(s.substring(start, i));
                start = i + p.length();
            }
        }

        private static List<Object> rsplit(String s, Object sep, int max) {
            if (max < 0) {
                return split(s, sep, max);
            }
            List<Object> out = new ArrayList<>();
            if (sep == null) {
                String rest = s.stripTrailing();
                while (!rest.isEmpty()) {
                    if (out.size() == max) {
                        out.add(0, rest);
                        return out;
                    }
                    int i = rest.length();
                    while (i > 0 && !Character.isWhitespace(rest.charAt(i - 1))) {
                        i--;
                    }
                    out.add(0, rest.substring(i));
                    rest = rest.substring(0, i).stripTrailing();
                }
                return out;
            }
            String p = Values.str(sep);
            int end = s.length();
            while (true) {
                int i = s.lastIndexOf(p, end - p.length());
                if (i < 0 || out.size() == max) {
                    out.add(0, s.substring(0, end));
                    return out;
                }
                out.add(0, s.substring(i + p.length(), end));
                end = i;
            }
        }

        @SuppressWarnings("unchecked")
        static Object dict(Map<?, ?> map, String name, Object[] a) {
            Map<Object, Object> m = (Map<Object, Object>) map;
            switch (name) {
                case "keys":
                    return new ArrayList<>(m.keySet());
                case "values":
                    return new ArrayList<>(m.values());
                case "items": {
                    List<Object> out = new ArrayList<>();
                    for (Map.Entry<Object, Object> e : m.entrySet()) {
                        out.add(Tuple.of(e.getKey(), e.getValue()));
                    }
                    return out;
                }
                case "get": {
                    Object key = Values.findKey(m, a[0]);
                    return key == Values.NO_KEY ? (a.length > 1 ? a[1] : null) : m.get(key);
                }
                case "copy":
                    return new java.util.LinkedHashMap<>(m);
                case "update":
                    if (a.length > 0 && a[0] instanceof Map<?, ?> other) {
                        m.putAll((Map<Object, Object>) other);
                    }
                    return null;
                case "pop": {
                    Object key = Values.findKey(m, a[0]);
                    if (key == Values.NO_KEY) {
                        if (a.length > 1) {
                            return a[1];
                        }
                        throw new IllegalArgumentException("KeyError: " + PythonRepr.repr(a[0]));
                    }
                    return m.remove(key);
                }
                case "setdefault": {
                    Object key = Values.findKey(m, a[0]);
                    if (key == Values.NO_KEY) {
                        m.put(a[0], a.length > 1 ? a[1] : null);
                        return a.length > 1 ? a[1] : null;
                    }
                    return m.get(key);
                }
                default:
                    throw new IllegalArgumentException("'dict object' has no attribute '" + name + "'");
            }
        }

        @SuppressWarnings("unchecked")
        static Object list(List<?> list, String name, Object[] a) {
            List<Object> l = (List<Object>) list;
            switch (name) {
                case "append":
                    l.add(a[0]);
                    return null;
                case "extend":
                    l.addAll(Values.iterate(a[0]));
                    return null;
                case "insert": {
                    int i = (int) Values.toLong(a[0]);
                    l.add(Math.max(0, Math.min(l.size(), i < 0 ? i + l.size() : i)), a[1]);
                    return null;
                }
                case "pop": {
                    int i = a.length > 0 ? (int) Values.toLong(a[0]) : -1;
                    return l.remove(i < 0 ? i + l.size() : i);
                }
                case "remove":
                    for (int i = 0; i < l.size(); i++) {
                        if (Values.pyEquals(l.get(i), a[0])) {
                            l.remove(i);
                            return null;
                        }
                    }
                    throw new IllegalArgumentException("list.remove(x): x not in list");
                case "index":
                    for (int i = 0; i < l.size(); i++) {
                        if (Values.pyEquals(l.get(i), a[0])) {
                            return (long) i;
                        }
                    }
                    throw new IllegalArgumentException(PythonRepr.repr(a[0]) + " is not in list");
                case "count": {
                    long n = 0;
                    for (Object o : l) {
                        if (Values.pyEquals(o, a[0])) {
                            n++;
                        }
                    }
                    return n;
                }
                case "copy":
                    return new ArrayList<>(l);
                case "reverse":
                    java.util.Collections.reverse(l);
                    return null;
                case "sort":
                    l.sort(Values::compare);
                    return null;
                default:
                    throw new IllegalArgumentException("'list object' has no attribute '" + name + "'");
            }
        }
    }
}
