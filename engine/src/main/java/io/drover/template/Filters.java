package io.drover.template;

import com.hubspot.jinjava.el.ext.NamedParameter;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import com.hubspot.jinjava.lib.filter.Filter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

/** Jinja2 built-in and Ansible filters with Python semantics, registered over Jinjava's own. */
final class Filters {

    private Filters() {
    }

    /** Positional and keyword arguments of a filter call. */
    record Args(List<Object> pos, Map<String, Object> kw) {
        Object get(int index, String name, Object fallback) {
            if (kw.containsKey(name)) {
                return kw.get(name);
            }
            return index >= 0 && index < pos.size() ? pos.get(index) : fallback;
        }

        String str(int index, String name, String fallback) {
            Object v = get(index, name, fallback);
            return v == null ? null : Values.str(v);
        }

        boolean bool(int index, String name, boolean fallback) {
            return Values.truthy(get(index, name, fallback));
        }

        int size() {
            return pos.size();
        }
    }

    @FunctionalInterface
    interface Impl {
        Object apply(Object value, Args args, JinjavaInterpreter interpreter);
    }

    /** Adapts an {@link Impl} to Jinjava; undefined input fails unless the filter accepts it. */
    record PyFilter(String name, boolean acceptsUndefined, Impl impl) implements Filter {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
            return filter(var, interpreter, args, Map.of());
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
            if (!acceptsUndefined) {
                Values.checkDefined(var);
            }
            List<Object> pos = new ArrayList<>(args.length);
            Map<String, Object> kw = new LinkedHashMap<>(kwargs);
            for (Object a : args) {
                if (a instanceof NamedParameter np) {
                    kw.put(np.getName(), np.getValue());
                } else {
                    pos.add(a);
                }
            }
            try {
                return impl.apply(var, new Args(pos, kw), interpreter);
            } catch (FilterError | Undefined.UndefinedUse e) {
                throw e;
            } catch (RuntimeException e) {
                throw new FilterError("Unexpected templating type error occurred on ({{ " + name + " }}): "
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
            }
        }
    }

    static void register(Context c) {
        reg(c, true, (v, a, i) -> isUndefinedOrFalsy(v, a) ? a.get(0, "default_value", "") : v, "default", "d");
        reg(c, true, Filters::mandatory, "mandatory");
        reg(c, true, (v, a, i) -> v instanceof Undefined ? "AnsibleUndefined" : pyType(v), "type_debug");
        reg(c, false, (v, a, i) -> toBool(v), "bool");
        reg(c, false, Filters::toInt, "int");
        reg(c, false, (v, a, i) -> {
            try {
                return v instanceof Number n ? n.doubleValue() : Double.parseDouble(Values.str(v).strip());
            } catch (NumberFormatException e) {
                Object d = a.get(0, "default", 0.0);
                return d;
            }
        }, "float");
        reg(c, false, (v, a, i) -> new NativeText(Values.str(v)), "string");
        reg(c, false, (v, a, i) -> new NativeText(PyJson.dumps(v, (int) Values.toLong(a.get(-1, "indent", 0L)),
                a.bool(-1, "sort_keys", false), a.bool(-1, "ensure_ascii", true))), "to_json");
        reg(c, false, (v, a, i) -> new NativeText(PyJson.dumps(v, (int) Values.toLong(a.get(0, "indent", 4L)),
                a.bool(-1, "sort_keys", true), a.bool(-1, "ensure_ascii", true))), "to_nice_json");
        reg(c, false, (v, a, i) -> new NativeText(toYaml(v, false, (int) Values.toLong(a.get(-1, "indent", 2L)))), "to_yaml");
        reg(c, false, (v, a, i) -> new NativeText(toYaml(v, true, (int) Values.toLong(a.get(0, "indent", 4L)))), "to_nice_yaml");
        reg(c, false, (v, a, i) -> fromJson(Values.str(v)), "from_json");
        reg(c, false, (v, a, i) -> fromYaml(Values.str(v)), "from_yaml");
        reg(c, false, (v, a, i) -> {
            List<Object> docs = new ArrayList<>();
            for (Object d : yaml().loadAll(Values.str(v))) {
                docs.add(Values.toPlain(d));
            }
            return docs;
        }, "from_yaml_all");
        reg(c, false, Filters::combine, "combine");
        reg(c, false, (v, a, i) -> {
            if (!(v instanceof Map<?, ?> m)) {
                throw new FilterError("dict2items requires a dictionary, got " + pyType(v) + " instead.");
            }
            String k = a.str(0, "key_name", "key");
            String val = a.str(1, "value_name", "value");
            List<Object> out = new ArrayList<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                Map<Object, Object> item = new LinkedHashMap<>();
                item.put(k, e.getKey());
                item.put(val, e.getValue());
                out.add(item);
            }
            return out;
        }, "dict2items");
        reg(c, false, (v, a, i) -> {
            String k = a.str(0, "key_name", "key");
            String val = a.str(1, "value_name", "value");
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Object o : Values.iterate(v)) {
                if (!(o instanceof Map<?, ?> m)) {
                    throw new FilterError("items2dict requires a list of dictionaries, got " + pyType(o) + " instead.");
                }
                out.put(m.get(k), m.get(val));
            }
            return out;
        }, "items2dict");
        reg(c, false, Filters::map, "map");
        reg(c, false, (v, a, i) -> selectTest(v, a, i, true, false), "select");
        reg(c, false, (v, a, i) -> selectTest(v, a, i, false, false), "reject");
        reg(c, false, (v, a, i) -> selectTest(v, a, i, true, true), "selectattr");
        reg(c, false, (v, a, i) -> selectTest(v, a, i, false, true), "rejectattr");
        reg(c, false, (v, a, i) -> new ArrayList<>(Values.iterate(v)), "list");
        reg(c, false, (v, a, i) -> {
            String sep = a.str(0, "d", "");
            Object attr = a.get(1, "attribute", null);
            StringBuilder sb = new StringBuilder();
            boolean first = true;
            for (Object o : Values.iterate(v)) {
                if (!first) {
                    sb.append(sep);
                }
                first = false;
                sb.append(Values.str(attr == null ? o : attribute(o, Values.str(attr))));
            }
            return sb.toString();
        }, "join");
        reg(c, false, (v, a, i) -> {
            Object attr = a.get(1, "attribute", null);
            List<Object> out = new ArrayList<>();
            List<Object> seen = new ArrayList<>();
            for (Object o : Values.iterate(v)) {
                Object key = attr == null ? o : attribute(o, Values.str(attr));
                if (seen.stream().noneMatch(s -> Values.pyEquals(s, key))) {
                    seen.add(key);
                    out.add(o);
                }
            }
            return out;
        }, "unique");
        reg(c, false, (v, a, i) -> {
            List<Object> out = unique(Values.iterate(v));
            for (Object o : Values.iterate(a.get(0, "b", List.of()))) {
                if (!containsPy(out, o)) {
                    out.add(o);
                }
            }
            return out;
        }, "union");
        reg(c, false, (v, a, i) -> {
            List<Object> other = Values.iterate(a.get(0, "b", List.of()));
            List<Object> out = new ArrayList<>();
            for (Object o : unique(Values.iterate(v))) {
                if (containsPy(other, o)) {
                    out.add(o);
                }
            }
            return out;
        }, "intersect");
        reg(c, false, (v, a, i) -> {
            List<Object> other = Values.iterate(a.get(0, "b", List.of()));
            List<Object> out = new ArrayList<>();
            for (Object o : unique(Values.iterate(v))) {
                if (!containsPy(other, o)) {
                    out.add(o);
                }
            }
            return out;
        }, "difference");
        reg(c, false, (v, a, i) -> {
            List<Object> mine = unique(Values.iterate(v));
            List<Object> other = unique(Values.iterate(a.get(0, "b", List.of())));
            List<Object> out = new ArrayList<>();
            for (Object o : mine) {
                if (!containsPy(other, o)) {
                    out.add(o);
                }
            }
            for (Object o : other) {
                if (!containsPy(mine, o)) {
                    out.add(o);
                }
            }
            return out;
        }, "symmetric_difference");
        reg(c, false, (v, a, i) -> {
            Object levels = a.get(0, "levels", null);
            List<Object> out = new ArrayList<>();
            flatten(Values.iterate(v), levels == null ? -1 : (int) Values.toLong(levels), a.bool(1, "skip_nulls", true), out);
            return out;
        }, "flatten");
        reg(c, false, (v, a, i) -> zip(v, a, false), "zip");
        reg(c, false, (v, a, i) -> zip(v, a, true), "zip_longest");
        reg(c, false, Filters::product, "product");
        reg(c, false, (v, a, i) -> PyRegex.compile(a.str(0, "pattern", ""), a.bool(-1, "ignorecase", false),
                a.bool(-1, "multiline", false)).sub(Values.str(v), a.str(1, "replacement", ""),
                (int) Values.toLong(a.get(-1, "count", 0L))), "regex_replace");
        reg(c, false, Filters::regexSearch, "regex_search");
        reg(c, false, (v, a, i) -> PyRegex.compile(a.str(0, "regex", ""), a.bool(-1, "ignorecase", false),
                a.bool(-1, "multiline", false)).findall(Values.str(v)), "regex_findall");
        reg(c, false, (v, a, i) -> Values.str(v).replaceAll("([^A-Za-z0-9_])", "\\\\$1"), "regex_escape");
        reg(c, false, (v, a, i) -> Base64.getEncoder().encodeToString(Values.str(v).getBytes(StandardCharsets.UTF_8)), "b64encode");
        reg(c, false, (v, a, i) -> new String(Base64.getMimeDecoder().decode(Values.str(v)), StandardCharsets.UTF_8), "b64decode");
        reg(c, false, (v, a, i) -> {
            String s = Values.str(v);
            return s.substring(s.lastIndexOf('/') + 1);
        }, "basename");
        reg(c, false, (v, a, i) -> {
            String s = Values.str(v);
            int slash = s.lastIndexOf('/');
            if (slash < 0) {
                return "";
            }
            String head = s.substring(0, slash + 1);
            return head.matches("/+") ? head : head.replaceAll("/+$", "");
        }, "dirname");
        reg(c, false, (v, a, i) -> {
            String s = Values.str(v);
            if (s.equals("~") || s.startsWith("~/")) {
                return System.getProperty("user.home") + s.substring(1);
            }
            return s;
        }, "expanduser");
        reg(c, false, (v, a, i) -> {
            try {
                return Path.of(Values.str(v)).toAbsolutePath().toRealPath().toString();
            } catch (java.io.IOException e) {
                return Path.of(Values.str(v)).toAbsolutePath().normalize().toString();
            }
        }, "realpath");
        reg(c, false, (v, a, i) -> {
            String s = Values.str(v);
            int slash = s.lastIndexOf('/');
            int dot = s.lastIndexOf('.');
            String base = s.substring(slash + 1);
            int firstNonDot = 0;
            while (firstNonDot < base.length() && base.charAt(firstNonDot) == '.') {
                firstNonDot++;
            }
            if (dot <= slash + firstNonDot) {
                return Tuple.of(s, "");
            }
            return Tuple.of(s.substring(0, dot), s.substring(dot));
        }, "splitext");
        reg(c, false, (v, a, i) -> {
            List<Object> parts = v instanceof List<?> ? Values.iterate(v) : List.of(v);
            String out = "";
            for (Object p : parts) {
                String s = Values.str(p);
                out = s.startsWith("/") || out.isEmpty() ? s : out.endsWith("/") ? out + s : out + "/" + s;
            }
            return out;
        }, "path_join");
        reg(c, false, (v, a, i) -> shellQuote(v == null ? "None" : Values.str(v)), "quote");
        reg(c, false, (v, a, i) -> Values.str(v).toLowerCase(Locale.ROOT), "lower");
        reg(c, false, (v, a, i) -> Values.str(v).toUpperCase(Locale.ROOT), "upper");
        reg(c, false, (v, a, i) -> Strings.capitalize(Values.str(v)), "capitalize");
        reg(c, false, (v, a, i) -> Strings.title(Values.str(v)), "title");
        reg(c, false, (v, a, i) -> a.size() > 0 || a.kw().containsKey("chars")
                ? Strings.strip(Values.str(v), a.get(0, "chars", null), true, true) : Values.str(v).strip(), "trim");
        reg(c, false, (v, a, i) -> Strings.replace(Values.str(v), a.str(0, "old", ""), a.str(1, "new", ""),
                (int) Values.toLong(a.get(2, "count", -1L))), "replace");
        reg(c, false, (v, a, i) -> (long) length(v), "length", "count");
        reg(c, false, (v, a, i) -> {
            List<Object> l = Values.iterate(v);
            return l.isEmpty() ? undefined("No first item, sequence was empty.") : l.get(0);
        }, "first");
        reg(c, false, (v, a, i) -> {
            List<Object> l = Values.iterate(v);
            return l.isEmpty() ? undefined("No last item, sequence was empty.") : l.get(l.size() - 1);
        }, "last");
        reg(c, false, (v, a, i) -> minMax(v, a, false), "min");
        reg(c, false, (v, a, i) -> minMax(v, a, true), "max");
        reg(c, false, Filters::sum, "sum");
        reg(c, false, Filters::sort, "sort");
        reg(c, false, (v, a, i) -> {
            if (v instanceof CharSequence s) {
                return new StringBuilder(s).reverse().toString();
            }
            List<Object> l = new ArrayList<>(Values.iterate(v));
            java.util.Collections.reverse(l);
            return l;
        }, "reverse");
        reg(c, false, (v, a, i) -> v == null && a.size() > 2 ? a.pos().get(2)
                : Values.truthy(v) ? a.get(0, "true_val", null) : a.get(1, "false_val", null), "ternary");
        reg(c, false, (v, a, i) -> hash(Values.str(v), a.str(0, "hashtype", "sha1")), "hash");
        reg(c, false, (v, a, i) -> hash(Values.str(v), "sha1"), "checksum", "sha1");
        reg(c, false, (v, a, i) -> hash(Values.str(v), "md5"), "md5");
        reg(c, false, Filters::dictsort, "dictsort");
        reg(c, false, Filters::subelements, "subelements");
        reg(c, false, (v, a, i) -> AnsibleResolver.PyMethods.split(Values.str(v), a.get(0, "sep", null),
                (int) Values.toLong(a.get(1, "maxsplit", -1L))), "split");
        reg(c, false, Filters::humanReadable, "human_readable");
        reg(c, false, Filters::humanToBytes, "human_to_bytes");
        reg(c, false, (v, a, i) -> uuid5(UUID.fromString(a.str(0, "namespace", "361E6D51-FAEC-444A-9079-341386DA8E2E")),
                Values.str(v)).toString(), "to_uuid");
        reg(c, false, (v, a, i) -> {
            List<Object> out = new ArrayList<>();
            for (Map.Entry<?, ?> e : asMap(v).entrySet()) {
                out.add(Tuple.of(e.getKey(), e.getValue()));
            }
            return out;
        }, "items");
        reg(c, false, (v, a, i) -> {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Object o : Values.iterate(v)) {
                List<Object> pair = Values.iterate(o);
                out.put(pair.get(0), pair.get(1));
            }
            return out;
        }, "dict");
        reg(c, false, (v, a, i) -> {
            if (v instanceof Double d) {
                return Math.abs(d);
            }
            return Math.abs(Values.toLong(v));
        }, "abs");
        reg(c, false, Filters::round, "round");
        reg(c, false, (v, a, i) -> {
            double r = Math.pow(Values.toDouble(v), Values.toDouble(a.get(0, "x", 1L)));
            return r;
        }, "pow");
        reg(c, false, (v, a, i) -> {
            List<Object> l = Values.iterate(v);
            return l.isEmpty() ? undefined("No random item, sequence was empty.")
                    : l.get(java.util.concurrent.ThreadLocalRandom.current().nextInt(l.size()));
        }, "random");
        reg(c, false, (v, a, i) -> {
            Object container = a.get(0, "container", null);
            Object out = item(container, v);
            Object more = a.get(1, "morekeys", null);
            if (more != null) {
                for (Object k : more instanceof List<?> ? Values.iterate(more) : List.of(more)) {
                    out = item(out, k);
                }
            }
            return out;
        }, "extract");
    }

    private static void reg(Context c, boolean acceptsUndefined, Impl impl, String... names) {
        for (String n : names) {
            c.registerFilter(new PyFilter(n, acceptsUndefined, impl));
        }
    }

    private static Undefined undefined(String message) {
        RenderContext rc = RenderContext.current();
        Undefined u = new Undefined(message);
        return rc == null ? u : rc.undefined(u);
    }

    private static boolean isUndefinedOrFalsy(Object v, Args a) {
        if (v instanceof Undefined) {
            return true;
        }
        return a.bool(1, "boolean", false) && !Values.truthy(v);
    }

    private static Object mandatory(Object v, Args a, JinjavaInterpreter i) {
        if (v instanceof Undefined u) {
            Object msg = a.get(0, "msg", null);
            if (msg != null) {
                throw new FilterError(Values.str(msg));
            }
            String m = u.message();
            String name = m.startsWith("'") && m.endsWith("' is undefined") ? m.substring(1, m.length() - 14) : null;
            throw new FilterError(name == null ? "Mandatory variable not defined." : "Mandatory variable '" + name + "'  not defined.");
        }
        return v;
    }

    static String pyType(Object v) {
        if (v instanceof io.drover.yaml.YamlLoader.UnsafeText) {
            return "AnsibleUnsafeText";
        }
        return Values.typeName(v);
    }

    static boolean toBool(Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        if (v == null) {
            return false;
        }
        if (v instanceof Number n) {
            return n.doubleValue() == 1;
        }
        String s = Values.str(v).toLowerCase(Locale.ROOT);
        return s.equals("yes") || s.equals("on") || s.equals("1") || s.equals("true");
    }

    private static Object toInt(Object v, Args a, JinjavaInterpreter i) {
        Object def = a.get(0, "default", 0L);
        int base = (int) Values.toLong(a.get(1, "base", 10L));
        if (v instanceof Boolean b) {
            return b ? 1L : 0L;
        }
        if (v instanceof Double d) {
            return (long) d.doubleValue();
        }
        if (v instanceof Number n) {
            return n.longValue();
        }
        String s = v == null ? "None" : Values.str(v).strip().replace("_", "");
        try {
            if (base != 10) {
                String body = s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s;
                String lower = body.toLowerCase(Locale.ROOT);
                if ((base == 16 && lower.startsWith("0x")) || (base == 8 && lower.startsWith("0o")) || (base == 2 && lower.startsWith("0b"))) {
                    body = body.substring(2);
                }
                long r = Long.parseLong(body, base);
                return s.startsWith("-") ? -r : r;
            }
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            try {
                return (long) Double.parseDouble(s);
            } catch (NumberFormatException e2) {
                return def;
            }
        }
    }

    private static Yaml yaml() {
        LoaderOptions lo = new LoaderOptions();
        return new Yaml(new SafeConstructor(lo));
    }

    static Object fromJson(String s) {
        try {
            Object v = new com.fasterxml.jackson.databind.ObjectMapper().readValue(s, Object.class);
            return Values.toPlain(v);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new FilterError("Expecting value: " + e.getOriginalMessage());
        }
    }

    static Object fromYaml(String s) {
        return Values.toPlain(new io.drover.yaml.YamlLoader(w -> { }).load("<from_yaml>", s).data());
    }

    static String toYaml(Object v, boolean nice, int indent) {
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(nice ? DumperOptions.FlowStyle.BLOCK : DumperOptions.FlowStyle.AUTO);
        o.setIndent(Math.max(2, indent));
        o.setAllowUnicode(true);
        o.setWidth(80);
        o.setSplitLines(true);
        Representer r = new Representer(o);
        return new Yaml(r, o).dump(sortedKeys(Values.toPlain(v)));
    }

    /** PyYAML sorts mapping keys by default. */
    private static Object sortedKeys(Object v) {
        if (v instanceof Map<?, ?> m) {
            List<Map.Entry<?, ?>> entries = new ArrayList<>(m.entrySet());
            entries.sort((a, b) -> {
                try {
                    return Values.compare(a.getKey(), b.getKey());
                } catch (IllegalArgumentException e) {
                    return String.valueOf(a.getKey()).compareTo(String.valueOf(b.getKey()));
                }
            });
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : entries) {
                out.put(e.getKey(), sortedKeys(e.getValue()));
            }
            return out;
        } else if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object o : l) {
                out.add(sortedKeys(o));
            }
            return out;
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> asMap(Object v) {
        if (!(v instanceof Map<?, ?> m)) {
            throw new FilterError("failed to combine variables, expected dicts but got a '" + pyType(v) + "'");
        }
        return (Map<Object, Object>) m;
    }

    private static Object combine(Object v, Args a, JinjavaInterpreter i) {
        boolean recursive = a.bool(-1, "recursive", false);
        String listMerge = a.str(-1, "list_merge", "replace");
        List<Object> dicts = new ArrayList<>();
        dicts.add(v);
        for (Object o : a.pos()) {
            if (o instanceof List<?> l) {
                dicts.addAll(l);
            } else {
                dicts.add(o);
            }
        }
        Map<Object, Object> out = new LinkedHashMap<>(asMap(dicts.get(0)));
        for (int k = 1; k < dicts.size(); k++) {
            out = merge(out, asMap(dicts.get(k)), recursive, listMerge);
        }
        return out;
    }

    private static Map<Object, Object> merge(Map<Object, Object> x, Map<Object, Object> y, boolean recursive, String listMerge) {
        Map<Object, Object> out = new LinkedHashMap<>(x);
        for (Map.Entry<Object, Object> e : y.entrySet()) {
            Object key = e.getKey();
            Object nv = e.getValue();
            Object ov = out.get(key);
            if (recursive && ov instanceof Map<?, ?> om && nv instanceof Map<?, ?> nm) {
                out.put(key, merge(asMap(om), asMap(nm), true, listMerge));
            } else if (ov instanceof List<?> ol && nv instanceof List<?> nl && out.containsKey(key)) {
                out.put(key, mergeLists(ol, nl, listMerge));
            } else {
                out.put(key, nv);
            }
        }
        return out;
    }

    private static Object mergeLists(List<?> old, List<?> neu, String mode) {
        List<Object> out = new ArrayList<>();
        switch (mode) {
            case "keep" -> out.addAll(old);
            case "append" -> {
                out.addAll(old);
                out.addAll(neu);
            }
            case "prepend" -> {
                out.addAll(neu);
                out.addAll(old);
            }
            case "append_rp" -> {
                for (Object o : old) {
                    if (!containsPy(neu, o)) {
                        out.add(o);
                    }
                }
                out.addAll(neu);
            }
            case "prepend_rp" -> {
                out.addAll(neu);
                for (Object o : old) {
                    if (!containsPy(neu, o)) {
                        out.add(o);
                    }
                }
            }
            case "replace" -> out.addAll(neu);
            default -> throw new FilterError("'list_merge' accepts only 'replace', 'keep', 'append', 'prepend', 'append_rp' or 'prepend_rp' as value");
        }
        return out;
    }

    private static boolean containsPy(List<?> l, Object o) {
        for (Object x : l) {
            if (Values.pyEquals(x, o)) {
                return true;
            }
        }
        return false;
    }

    private static List<Object> unique(List<Object> l) {
        List<Object> out = new ArrayList<>();
        for (Object o : l) {
            if (!containsPy(out, o)) {
                out.add(o);
            }
        }
        return out;
    }

    /** Jinja's attribute lookup for filters: dotted paths, integer parts index lists, missing is undefined. */
    static Object attribute(Object o, String path) {
        Object cur = o;
        for (String part : path.split("\\.")) {
            cur = item(cur, part);
            if (cur instanceof Undefined) {
                return cur;
            }
        }
        return cur;
    }

    static Object item(Object container, Object key) {
        if (container instanceof Undefined) {
            return container;
        }
        if (container instanceof Map<?, ?> m) {
            Object k = Values.findKey(m, key);
            if (k == Values.NO_KEY && key instanceof String s && s.matches("-?\\d+")) {
                k = Values.findKey(m, Long.parseLong(s));
            }
            return k == Values.NO_KEY ? undefined("'dict object' has no attribute '" + key + "'") : m.get(k);
        }
        if (container instanceof List<?> l) {
            try {
                long idx = Values.toLong(key);
                long i = idx < 0 ? idx + l.size() : idx;
                return i >= 0 && i < l.size() ? l.get((int) i) : undefined("list object has no element " + idx);
            } catch (NumberFormatException e) {
                return undefined("'list object' has no attribute '" + key + "'");
            }
        }
        return undefined("'" + Values.typeName(container) + " object' has no attribute '" + key + "'");
    }

    private static Object map(Object v, Args a, JinjavaInterpreter i) {
        List<Object> out = new ArrayList<>();
        Object attr = a.kw().get("attribute");
        if (attr != null) {
            boolean hasDefault = a.kw().containsKey("default");
            for (Object o : Values.iterate(v)) {
                Object r = attribute(o, Values.str(attr));
                out.add(r instanceof Undefined && hasDefault ? a.kw().get("default") : r);
            }
            return out;
        }
        if (a.pos().isEmpty()) {
            throw new FilterError("map requires a filter argument");
        }
        String name = JinjaSource.unqualify(Values.str(a.pos().get(0)));
        Filter f = i.getContext().getFilter(name);
        if (f == null) {
            throw new FilterError("template error while templating string: Could not load \"" + name + "\": '" + name + "'");
        }
        Object[] rest = a.pos().subList(1, a.pos().size()).toArray();
        Map<String, Object> kw = new LinkedHashMap<>(a.kw());
        for (Object o : Values.iterate(v)) {
            out.add(f.filter(o, i, rest, kw));
        }
        return out;
    }

    private static Object selectTest(Object v, Args a, JinjavaInterpreter i, boolean select, boolean byAttr) {
        List<Object> pos = a.pos();
        int off = 0;
        String attr = null;
        if (byAttr) {
            attr = Values.str(pos.get(0));
            off = 1;
        }
        ExpTest test = null;
        Object[] testArgs = new Object[0];
        if (pos.size() > off) {
            String name = JinjaSource.unqualify(Values.str(pos.get(off)));
            test = i.getContext().getExpTest(name);
            if (test == null) {
                throw new FilterError("template error while templating string: Could not load \"" + name + "\": '" + name + "'");
            }
            testArgs = pos.subList(off + 1, pos.size()).toArray();
        }
        List<Object> out = new ArrayList<>();
        for (Object o : Values.iterate(v)) {
            Object subject = attr == null ? o : attribute(o, attr);
            boolean ok = test == null ? Values.truthy(subject) : test.evaluate(subject, i, testArgs);
            if (ok == select) {
                out.add(o);
            }
        }
        return out;
    }

    private static void flatten(List<Object> in, int levels, boolean skipNulls, List<Object> out) {
        for (Object o : in) {
            if (o == null && skipNulls) {
                continue;
            }
            if (o instanceof List<?> l && levels != 0) {
                flatten(Values.iterate(l), levels - 1, skipNulls, out);
            } else {
                out.add(o);
            }
        }
    }

    private static Object zip(Object v, Args a, boolean longest) {
        List<List<Object>> lists = new ArrayList<>();
        lists.add(Values.iterate(v));
        for (Object o : a.pos()) {
            lists.add(Values.iterate(o));
        }
        Object fill = a.kw().get("fillvalue");
        int n = longest ? lists.stream().mapToInt(List::size).max().orElse(0) : lists.stream().mapToInt(List::size).min().orElse(0);
        List<Object> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            List<Object> row = new ArrayList<>();
            for (List<Object> l : lists) {
                row.add(k < l.size() ? l.get(k) : fill);
            }
            out.add(new Tuple(row));
        }
        return out;
    }

    private static Object product(Object v, Args a, JinjavaInterpreter i) {
        List<List<Object>> lists = new ArrayList<>();
        lists.add(Values.iterate(v));
        for (Object o : a.pos()) {
            lists.add(Values.iterate(o));
        }
        int repeat = (int) Values.toLong(a.get(-1, "repeat", 1L));
        List<List<Object>> all = new ArrayList<>();
        for (int r = 0; r < repeat; r++) {
            all.addAll(lists);
        }
        List<Object> out = new ArrayList<>();
        out.add(new ArrayList<>());
        for (List<Object> l : all) {
            List<Object> next = new ArrayList<>();
            for (Object prefix : out) {
                for (Object x : l) {
                    List<Object> row = new ArrayList<>((List<?>) prefix);
                    row.add(x);
                    next.add(row);
                }
            }
            out = next;
        }
        List<Object> tuples = new ArrayList<>();
        for (Object row : out) {
            tuples.add(new Tuple((List<?>) row));
        }
        return tuples;
    }

    private static Object regexSearch(Object v, Args a, JinjavaInterpreter i) {
        PyRegex re = PyRegex.compile(a.str(0, "regex", ""), a.bool(-1, "ignorecase", false), a.bool(-1, "multiline", false));
        Matcher m = re.pattern.matcher(Values.str(v));
        List<String> refs = new ArrayList<>();
        for (Object g : a.pos().subList(Math.min(1, a.size()), a.size())) {
            Matcher gm = java.util.regex.Pattern.compile("^\\\\g<(\\w+)>$|^\\\\(\\d+)$").matcher(Values.str(g));
            if (!gm.matches()) {
                throw new FilterError("Unknown argument");
            }
            refs.add(gm.group(1) != null ? gm.group(1) : gm.group(2));
        }
        if (!m.find()) {
            return null;
        }
        if (refs.isEmpty()) {
            return m.group();
        }
        List<Object> out = new ArrayList<>();
        for (String ref : refs) {
            out.add(re.group(m, ref));
        }
        return out;
    }

    static String shellQuote(String s) {
        if (s.isEmpty()) {
            return "''";
        }
        if (s.matches("[\\w@%+=:,./-]+")) {
            return s;
        }
        return "'" + s.replace("'", "'\"'\"'") + "'";
    }

    private static int length(Object v) {
        if (v instanceof CharSequence s) {
            return s.toString().codePointCount(0, s.length());
        } else if (v instanceof Map<?, ?> m) {
            return m.size();
        } else if (v instanceof java.util.Collection<?> c) {
            return c.size();
        }
        throw new FilterError("object of type '" + Values.typeName(v) + "' has no len()");
    }

    private static Object minMax(Object v, Args a, boolean max) {
        Object attr = a.get(-1, "attribute", null);
        Object best = null;
        Object bestKey = null;
        boolean found = false;
        for (Object o : Values.iterate(v)) {
            Object key = attr == null ? o : attribute(o, Values.str(attr));
            if (key instanceof CharSequence s && !a.bool(-1, "case_sensitive", false)) {
                key = s.toString().toLowerCase(Locale.ROOT);
            }
            if (!found || (max ? Values.compare(key, bestKey) > 0 : Values.compare(key, bestKey) < 0)) {
                best = o;
                bestKey = key;
                found = true;
            }
        }
        return found ? best : undefined("No aggregated item, sequence was empty.");
    }

    private static Object sum(Object v, Args a, JinjavaInterpreter i) {
        Object attr = a.get(0, "attribute", null);
        Object total = a.get(1, "start", 0L);
        for (Object o : Values.iterate(v)) {
            Object x = attr == null ? o : attribute(o, Values.str(attr));
            total = add(total, x);
        }
        return total;
    }

    static Object add(Object x, Object y) {
        if (x instanceof List<?> lx && y instanceof List<?> ly) {
            List<Object> out = new ArrayList<>(lx);
            out.addAll(ly);
            return out;
        }
        if (Values.isInteger(x) && Values.isInteger(y) || x instanceof Boolean || y instanceof Boolean) {
            if (!(x instanceof Double) && !(y instanceof Double)) {
                return Values.toLong(x) + Values.toLong(y);
            }
        }
        if (Values.isNumber(x) && Values.isNumber(y)) {
            return Values.toDouble(x) + Values.toDouble(y);
        }
        throw new FilterError("unsupported operand type(s) for +: '" + Values.typeName(x) + "' and '" + Values.typeName(y) + "'");
    }

    private static Object sort(Object v, Args a, JinjavaInterpreter i) {
        boolean reverse = a.bool(0, "reverse", false);
        boolean caseSensitive = a.bool(1, "case_sensitive", false);
        Object attr = a.get(2, "attribute", null);
        List<Object> out = new ArrayList<>(Values.iterate(v));
        java.util.Comparator<Object> cmp = (x, y) -> {
            Object kx = attr == null ? x : attribute(x, Values.str(attr));
            Object ky = attr == null ? y : attribute(y, Values.str(attr));
            if (!caseSensitive && kx instanceof CharSequence sx && ky instanceof CharSequence sy) {
                return sx.toString().toLowerCase(Locale.ROOT).compareTo(sy.toString().toLowerCase(Locale.ROOT));
            }
            return Values.compare(kx, ky);
        };
        out.sort(reverse ? cmp.reversed() : cmp);
        return out;
    }

    private static Object dictsort(Object v, Args a, JinjavaInterpreter i) {
        boolean caseSensitive = a.bool(0, "case_sensitive", false);
        boolean byValue = "value".equals(a.str(1, "by", "key"));
        boolean reverse = a.bool(2, "reverse", false);
        List<Object> out = new ArrayList<>();
        for (Map.Entry<?, ?> e : asMap(v).entrySet()) {
            out.add(Tuple.of(e.getKey(), e.getValue()));
        }
        java.util.Comparator<Object> cmp = (x, y) -> {
            Object kx = ((List<?>) x).get(byValue ? 1 : 0);
            Object ky = ((List<?>) y).get(byValue ? 1 : 0);
            if (!caseSensitive && kx instanceof CharSequence sx && ky instanceof CharSequence sy) {
                return sx.toString().toLowerCase(Locale.ROOT).compareTo(sy.toString().toLowerCase(Locale.ROOT));
            }
            return Values.compare(kx, ky);
        };
        out.sort(reverse ? cmp.reversed() : cmp);
        return out;
    }

    private static Object subelements(Object v, Args a, JinjavaInterpreter i) {
        String path = a.str(0, "subelements", "");
        boolean skipMissing = a.bool(1, "skip_missing", false);
        List<Object> elements = v instanceof Map<?, ?> m ? new ArrayList<>(m.values()) : Values.iterate(v);
        List<Object> out = new ArrayList<>();
        for (Object e : elements) {
            Object sub = e;
            for (String part : path.split("\\.")) {
                if (!(sub instanceof Map<?, ?> sm) || !sm.containsKey(part)) {
                    if (skipMissing) {
                        sub = null;
                        break;
                    }
                    throw new FilterError("could not find '" + part + "' key in iterated item '" + PythonRepr.repr(Values.toPlain(e)) + "'");
                }
                sub = sm.get(part);
            }
            if (sub == null) {
                continue;
            }
            if (!(sub instanceof List<?> sl)) {
                throw new FilterError("the key " + path + " should point to a list, got '" + PythonRepr.repr(Values.toPlain(sub)) + "'");
            }
            for (Object s : sl) {
                out.add(Tuple.of(e, s));
            }
        }
        return out;
    }

    private static Object round(Object v, Args a, JinjavaInterpreter i) {
        int precision = (int) Values.toLong(a.get(0, "precision", 0L));
        String method = a.str(1, "method", "common");
        // exact binary value + half-even: Python's round() (round(2.5) == 2, round(2.675, 2) == 2.67)
        java.math.BigDecimal bd = new java.math.BigDecimal(Values.toDouble(v));
        java.math.RoundingMode mode = switch (method) {
            case "ceil" -> java.math.RoundingMode.CEILING;
            case "floor" -> java.math.RoundingMode.FLOOR;
            default -> java.math.RoundingMode.HALF_EVEN;
        };
        return bd.setScale(precision, mode).doubleValue();
    }

    private static final String[] UNITS = {"", "K", "M", "G", "T", "P", "E", "Z", "Y"};

    private static Object humanReadable(Object v, Args a, JinjavaInterpreter i) {
        boolean isbits = a.bool(0, "isbits", false);
        String unit = a.str(1, "unit", null);
        double size = Values.toDouble(v);
        String suffix = isbits ? "b" : "B";
        String base = isbits ? "bits" : "Bytes";
        int idx = 0;
        if (unit != null) {
            idx = Math.max(0, Arrays.asList(UNITS).indexOf(unit.substring(0, 1).toUpperCase(Locale.ROOT)));
        } else {
            while (idx < UNITS.length - 1 && size >= Math.pow(1024, idx + 1)) {
                idx++;
            }
        }
        double scaled = size / Math.pow(1024, idx);
        String num = String.format(Locale.ROOT, "%.2f", scaled);
        return idx == 0 ? num + " " + base : num + " " + UNITS[idx] + suffix;
    }

    private static Object humanToBytes(Object v, Args a, JinjavaInterpreter i) {
        String s = Values.str(v).strip();
        String defUnit = a.str(0, "default_unit", null);
        Matcher m = java.util.regex.Pattern.compile("^([0-9]*\\.?[0-9]+)\\s*([A-Za-z]*)$").matcher(s);
        if (!m.matches()) {
            throw new FilterError("human_to_bytes() can't interpret following string: " + s);
        }
        double num = Double.parseDouble(m.group(1));
        String unit = m.group(2).isEmpty() ? (defUnit == null ? "" : defUnit) : m.group(2);
        int idx = 0;
        if (!unit.isEmpty()) {
            idx = Arrays.asList(UNITS).indexOf(unit.substring(0, 1).toUpperCase(Locale.ROOT));
            if (unit.equalsIgnoreCase("b") || unit.equals("B") || unit.equalsIgnoreCase("bytes")) {
                idx = 0;
            }
            if (idx < 0) {
                throw new FilterError("human_to_bytes() failed to convert " + s + ". Value is not a valid string (" + unit + ")");
            }
        }
        return (long) Math.round(num * Math.pow(1024, idx));
    }

    static String hash(String data, String type) {
        String algo = switch (type.toLowerCase(Locale.ROOT)) {
            case "md5" -> "MD5";
            case "sha1" -> "SHA-1";
            case "sha224" -> "SHA-224";
            case "sha256" -> "SHA-256";
            case "sha384" -> "SHA-384";
            case "sha512" -> "SHA-512";
            default -> throw new FilterError("unsupported hash type " + type);
        };
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algo).digest(data.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new FilterError("unsupported hash type " + type);
        }
    }

    /** RFC 4122 name-based UUID version 5 (SHA-1), as Python's uuid.uuid5. */
    static UUID uuid5(UUID namespace, String name) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            java.nio.ByteBuffer ns = java.nio.ByteBuffer.allocate(16);
            ns.putLong(namespace.getMostSignificantBits()).putLong(namespace.getLeastSignificantBits());
            sha1.update(ns.array());
            sha1.update(name.getBytes(StandardCharsets.UTF_8));
            byte[] h = sha1.digest();
            h[6] = (byte) ((h[6] & 0x0f) | 0x50);
            h[8] = (byte) ((h[8] & 0x3f) | 0x80);
            java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(h, 0, 16);
            return new UUID(bb.getLong(), bb.getLong());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
