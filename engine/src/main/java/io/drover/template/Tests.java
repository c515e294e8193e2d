package io.drover.template;

import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/** Jinja2 and Ansible tests ({@code x is defined}, {@code r is failed}, {@code v is version('2', '>=')}…). */
final class Tests {

    private Tests() {
    }

    /** A test; undefined subjects fail unless the test inspects definedness or type only. */
    record PyTest(String name, boolean acceptsUndefined, BiPredicate<Object, Object[]> impl) implements ExpTest {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public boolean evaluate(Object var, JinjavaInterpreter interpreter, Object... args) {
            if (!acceptsUndefined) {
                Values.checkDefined(var);
            }
            Object[] a = args == null ? new Object[0] : args;
            if (a.length == 1 && a[0] instanceof Functions.TestArgs packed) {
                a = packed.args();
            }
            for (Object o : a) {
                Values.checkDefined(o);
            }
            return impl.test(var, a);
        }
    }

    static void register(Context c) {
        reg(c, true, (v, a) -> !(v instanceof Undefined), "defined");
        reg(c, true, (v, a) -> v instanceof Undefined, "undefined");
        reg(c, true, (v, a) -> v == null, "none");
        reg(c, false, (v, a) -> !failed(v), "succeeded", "success");
        reg(c, false, (v, a) -> failed(v), "failed", "failure");
        reg(c, false, (v, a) -> Values.truthy(result(v, "changed")), "changed", "change");
        reg(c, false, (v, a) -> Values.truthy(result(v, "skipped")), "skipped", "skip");
        reg(c, false, (v, a) -> Values.truthy(result(v, "unreachable")), "unreachable");
        reg(c, false, (v, a) -> regex(v, a, "match"), "match");
        reg(c, false, (v, a) -> regex(v, a, "search"), "search");
        reg(c, false, (v, a) -> regex(v, a, named(a, 1, "match_type", "search").toString()), "regex");
        reg(c, false, Tests::version, "version", "version_compare");
        reg(c, false, (v, a) -> Values.contains(a[0], v), "in");
        reg(c, false, (v, a) -> Values.contains(v, a[0]), "contains");
        reg(c, false, (v, a) -> Values.iterate(v).stream().allMatch(x -> Values.contains(a[0], x)), "subset", "issubset");
        reg(c, false, (v, a) -> Values.iterate(a[0]).stream().allMatch(x -> Values.contains(v, x)), "superset", "issuperset");
        reg(c, true, (v, a) -> v instanceof CharSequence, "string");
        reg(c, true, (v, a) -> Values.isNumber(v), "number");
        reg(c, true, (v, a) -> Values.isInteger(v), "integer");
        reg(c, true, (v, a) -> v instanceof Double || v instanceof Float, "float");
        reg(c, true, (v, a) -> v instanceof Boolean, "boolean");
        reg(c, true, (v, a) -> v instanceof Map<?, ?>, "mapping");
        reg(c, true, (v, a) -> v instanceof Iterable<?> || v instanceof Map<?, ?> || v instanceof CharSequence, "iterable");
        reg(c, true, (v, a) -> v instanceof List<?> || v instanceof Map<?, ?> || v instanceof CharSequence, "sequence");
        reg(c, true, (v, a) -> v instanceof com.hubspot.jinjava.lib.fn.MacroFunction, "callable");
        reg(c, false, (v, a) -> Values.toLong(v) % Values.toLong(a[0]) == 0, "divisibleby");
        reg(c, false, (v, a) -> Values.toLong(v) % 2 == 0, "even");
        reg(c, false, (v, a) -> Values.toLong(v) % 2 != 0, "odd");
        reg(c, false, (v, a) -> Values.pyEquals(v, a[0]), "equalto", "eq", "==", "sameas");
        reg(c, false, (v, a) -> !Values.pyEquals(v, a[0]), "ne", "!=");
        reg(c, false, (v, a) -> Values.compare(v, a[0]) > 0, "gt", "greaterthan", ">");
        reg(c, false, (v, a) -> Values.compare(v, a[0]) >= 0, "ge", ">=");
        reg(c, false, (v, a) -> Values.compare(v, a[0]) < 0, "lt", "lessthan", "<");
        reg(c, false, (v, a) -> Values.compare(v, a[0]) <= 0, "le", "<=");
        reg(c, false, (v, a) -> Values.truthy(v), "truthy");
        reg(c, false, (v, a) -> !Values.truthy(v), "falsy");
        reg(c, false, (v, a) -> Boolean.TRUE.equals(v), "true");
        reg(c, false, (v, a) -> Boolean.FALSE.equals(v), "false");
        reg(c, false, (v, a) -> Values.str(v).equals(Values.str(v).toLowerCase()), "lower");
        reg(c, false, (v, a) -> Values.str(v).equals(Values.str(v).toUpperCase()), "upper");
        reg(c, false, (v, a) -> Values.str(v).startsWith("/"), "abs");
        reg(c, false, (v, a) -> Files.exists(path(v)), "exists");
        reg(c, false, (v, a) -> Files.isRegularFile(path(v)), "file", "is_file");
        reg(c, false, (v, a) -> Files.isDirectory(path(v)), "directory", "is_dir");
        reg(c, false, (v, a) -> Files.isSymbolicLink(path(v)), "link", "is_link");
        reg(c, false, (v, a) -> {
            try {
                return Files.isSameFile(path(v), path(a[0]));
            } catch (java.io.IOException e) {
                return false;
            }
        }, "same_file");
        reg(c, false, (v, a) -> Files.exists(path(v), LinkOption.NOFOLLOW_LINKS) && isMount(path(v)), "mount", "is_mount");
    }

    private static void reg(Context c, boolean acceptsUndefined, BiPredicate<Object, Object[]> impl, String... names) {
        for (String n : names) {
            c.registerExpTest(new PyTest(n, acceptsUndefined, impl));
        }
    }

    private static Object named(Object[] a, int index, String name, Object fallback) {
        for (Object o : a) {
            if (o instanceof com.hubspot.jinjava.el.ext.NamedParameter np && np.getName().equals(name)) {
                return np.getValue();
            }
        }
        int pos = 0;
        for (Object o : a) {
            if (!(o instanceof com.hubspot.jinjava.el.ext.NamedParameter)) {
                if (pos == index) {
                    return o;
                }
                pos++;
            }
        }
        return fallback;
    }

    private static Map<?, ?> resultDict(Object v) {
        if (!(v instanceof Map<?, ?> m)) {
            throw new FilterError("The 'failed' test expects a dictionary");
        }
        return m;
    }

    private static Object result(Object v, String key) {
        return resultDict(v).get(key);
    }

    private static boolean failed(Object v) {
        return Values.truthy(result(v, "failed"));
    }

    private static boolean regex(Object v, Object[] a, String matchType) {
        String pattern = Values.str(named(a, 0, "pattern", ""));
        boolean ignoreCase = Values.truthy(named(a, 99, "ignorecase", false));
        boolean multiline = Values.truthy(named(a, 99, "multiline", false));
        java.util.regex.Matcher m = PyRegex.compile(pattern, ignoreCase, multiline).pattern.matcher(Values.str(v));
        return switch (matchType) {
            case "match" -> m.lookingAt();
            case "fullmatch" -> m.matches();
            default -> m.find();
        };
    }

    private static Path path(Object v) {
        String s = Values.str(v);
        if (s.equals("~") || s.startsWith("~/")) {
            s = System.getProperty("user.home") + s.substring(1);
        }
        return Path.of(s);
    }

    private static boolean isMount(Path p) {
        try {
            Path real = p.toRealPath();
            Path parent = real.getParent();
            return parent == null || !Files.getFileStore(real).equals(Files.getFileStore(parent));
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Ansible's version test: LooseVersion by default, strict/semver on request. */
    private static boolean version(Object v, Object[] a) {
        String other = Values.str(named(a, 0, "version", ""));
        String op = Values.str(named(a, 1, "operator", "eq"));
        boolean strict = Values.truthy(named(a, 2, "strict", false));
        String type = strict ? "strict" : Values.str(named(a, 3, "version_type", "loose"));
        int c;
        if (type.equals("strict") && !(Values.str(v).matches("\\d+(\\.\\d+){1,2}([ab]\\d+)?") && other.matches("\\d+(\\.\\d+){1,2}([ab]\\d+)?"))) {
            throw new FilterError("Version comparison failed: invalid version number '" + Values.str(v) + "'");
        }
        c = compareLoose(loose(Values.str(v)), loose(other));
        return switch (op) {
            case "<", "lt" -> c < 0;
            case "<=", "le" -> c <= 0;
            case ">", "gt" -> c > 0;
            case ">=", "ge" -> c >= 0;
            case "==", "=", "eq" -> c == 0;
            case "!=", "<>", "ne" -> c != 0;
            default -> throw new FilterError("Invalid operator type (" + op + "). Must be one of <, lt, <=, le, >, gt, >=, ge, ==, =, eq, !=, <>, ne");
        };
    }

    /** distutils LooseVersion components: runs of digits (numbers) and letters, dots dropped. */
    static List<Object> loose(String v) {
        List<Object> out = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+|[a-z]+|\\.)", java.util.regex.Pattern.CASE_INSENSITIVE).matcher(v);
        int last = 0;
        while (m.find()) {
            if (m.start() > last) {
                out.add(v.substring(last, m.start()));
            }
            String part = m.group();
            if (!part.equals(".")) {
                out.add(part.chars().allMatch(Character::isDigit) ? (Object) Long.parseLong(part) : part);
            }
            last = m.end();
        }
        if (last < v.length()) {
            out.add(v.substring(last));
        }
        return out;
    }

    static int compareLoose(List<Object> x, List<Object> y) {
        for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
            Object a = x.get(i);
            Object b = y.get(i);
            int c;
            if (a instanceof Long la && b instanceof Long lb) {
                c = Long.compare(la, lb);
            } else if (a instanceof String sa && b instanceof String sb) {
                c = sa.compareTo(sb);
            } else {
                throw new FilterError("Version comparison failed: '<' not supported between instances of '"
                        + Values.typeName(a) + "' and '" + Values.typeName(b) + "'");
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.size(), y.size());
    }
}
