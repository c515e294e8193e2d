package io.drover.playbook;

import io.drover.error.DroverException;
import io.drover.error.SourceLocation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds a task's action (module) and its arguments in all the forms Ansible accepts:
 * {@code copy: {src: a}}, {@code copy: src=a}, {@code action: copy src=a}, {@code action: {module: copy, src: a}},
 * {@code local_action: ...}, each optionally with an {@code args:} mapping underneath (inline args win).
 *
 * <p>Every key that is not a task keyword is taken for an action, so a misspelt keyword shows up as a second
 * action ("conflicting action statements"), as in ansible-playbook. Whether the module exists is checked later,
 * by whoever runs the task.
 */
final class ActionParser {

    /** Key under which a templated free-form argument string is kept (resolved to a mapping at run time). */
    static final String VARIABLE_PARAMS = "_variable_params";

    /** The action of a task: module name as written, arguments, and whether it came from {@code local_action}. */
    record Action(String module, Map<String, Object> args, boolean local) {
    }

    private ActionParser() {
    }

    /**
     * @param ds       the task mapping (keys already converted to text)
     * @param keywords the keys that are task keywords rather than actions
     */
    static Action parse(Map<String, Object> ds, java.util.Set<String> keywords, SourceLocation where) {
        try {
            return parse(ds, keywords);
        } catch (DroverException e) {
            throw e.location() == SourceLocation.UNKNOWN
                    ? new DroverException(e.kind(), e.getMessage(), where) : e;
        }
    }

    private static Action parse(Map<String, Object> ds, java.util.Set<String> keywords) {
        Object additional = ds.get("args");
        String action = null;
        Map<String, Object> args = Map.of();
        boolean local = false;

        if (ds.containsKey("action")) {
            Normalized n = normalize(ds.get("action"), null, additional);
            action = n.action;
            args = n.args;
        }
        if (ds.containsKey("local_action")) {
            if (action != null) {
                throw parseError("action and local_action are mutually exclusive");
            }
            Normalized n = normalize(ds.get("local_action"), null, additional);
            action = n.action;
            args = n.args;
            local = true;
        }
        for (Map.Entry<String, Object> e : ds.entrySet()) {
            String key = e.getKey();
            if (keywords.contains(key) || key.startsWith("with_")) {
                continue;
            }
            if (action != null) {
                throw parseError("conflicting action statements: " + action + ", " + key);
            }
            action = key;
            args = normalize(e.getValue(), key, additional).args;
        }
        if (action == null || action.isEmpty()) {
            throw parseError("no module/action detected in task.");
        }

        Object raw = args.get(Task.RAW_PARAMS);
        if (raw != null && !String.valueOf(raw).isEmpty() && !KeywordNames.RAW_PARAM_MODULES.contains(action)) {
            if (!Values.isTemplate(raw)) {
                throw parseError("this task '" + action + "' has extra params, which is only allowed in the "
                        + "following modules: " + String.join(", ", KeywordNames.RAW_PARAM_MODULES.stream().sorted().toList()));
            }
            // e.g. "debug: '{{ debug_args }}'": a mapping that only exists once variables are known
            args.remove(Task.RAW_PARAMS);
            args.put(VARIABLE_PARAMS, raw);
        }
        if (KeywordNames.CMD_MODULES.contains(action) && args.containsKey("cmd")) {
            Object text = args.get(Task.RAW_PARAMS);
            if (text != null && !String.valueOf(text).isEmpty()) {
                throw DroverException.runtime("The 'cmd' argument cannot be used when other raw parameters are "
                        + "specified. Please put everything in one or the other place.", SourceLocation.UNKNOWN);
            }
            args.put(Task.RAW_PARAMS, args.remove("cmd"));
        }
        return new Action(action, args, local);
    }

    private record Normalized(String action, Map<String, Object> args) {
    }

    /**
     * Arguments from {@code thing} (the value under the action key, or under {@code action:} when
     * {@code action} is null) laid over the task's {@code args:}.
     */
    private static Normalized normalize(Object thing, String action, Object additional) {
        Map<String, Object> result = new LinkedHashMap<>();
        if (isTruthy(additional)) {
            if (additional instanceof CharSequence text) {
                if (!Values.isTemplate(text)) {
                    throw parseError("Complex args containing variables cannot use bare variables (without Jinja2 "
                            + "delimiters), and must use the full variable style ('{{var_name}}')");
                }
                result.put(VARIABLE_PARAMS, text.toString());
            } else if (additional instanceof Map<?, ?> map) {
                result.putAll(textKeys(map));
            } else {
                throw parseError("Complex args must be a dictionary or variable string (\"{{var}}\").");
            }
        }

        Map<String, Object> args;
        if (action != null) {
            args = newStyleArgs(thing, action);
        } else {
            Normalized old = oldStyle(thing);
            action = old.action;
            args = old.args;
            if (args.containsKey("args")) {
                Object nested = args.remove("args");
                if (nested instanceof CharSequence text) {
                    args.putAll(ArgsParser.parseKv(text.toString(), false));
                } else if (nested instanceof Map<?, ?> map) {
                    args.putAll(textKeys(map));
                }
            }
        }
        if (action != null && !KeywordNames.FREE_FORM_MODULES.contains(action)) {
            for (String key : args.keySet()) {
                if (key.startsWith("_ansible_")) {
                    throw parseError("invalid parameter specified for action '" + action + "': '" + key + "'");
                }
            }
        }
        result.putAll(args);
        return new Normalized(action, result);
    }

    /** {@code module: value} where the module name is the key. */
    private static Map<String, Object> newStyleArgs(Object thing, String action) {
        if (thing instanceof Map<?, ?> map) {
            return textKeys(map);
        }
        if (thing instanceof CharSequence text) {
            return ArgsParser.parseKv(text.toString(), KeywordNames.FREE_FORM_MODULES.contains(action));
        }
        if (thing == null) {
            return new LinkedHashMap<>();
        }
        throw parseError("unexpected parameter type in action: " + Values.pythonType(thing));
    }

    /** {@code action:}/{@code local_action:} value: "module k=v ..." or a mapping with a {@code module} key. */
    private static Normalized oldStyle(Object thing) {
        if (thing instanceof Map<?, ?> map) {
            Map<String, Object> args = textKeys(map);
            if (!args.containsKey("module")) {
                return new Normalized(null, new LinkedHashMap<>());
            }
            String[] split = ArgsParser.splitModuleString(String.valueOf(args.remove("module")));
            args.putAll(ArgsParser.parseKv(split[1], KeywordNames.FREE_FORM_MODULES.contains(split[0])));
            return new Normalized(split[0], args);
        }
        if (thing instanceof CharSequence text) {
            String[] split = ArgsParser.splitModuleString(text.toString());
            return new Normalized(split[0],
                    ArgsParser.parseKv(split[1], KeywordNames.FREE_FORM_MODULES.contains(split[0])));
        }
        throw parseError("unexpected parameter type in action: " + Values.pythonType(thing));
    }

    /** Python truthiness of an {@code args:} value. */
    private static boolean isTruthy(Object v) {
        if (v == null || Boolean.FALSE.equals(v)) {
            return false;
        }
        if (v instanceof CharSequence cs) {
            return !cs.isEmpty();
        }
        if (v instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        if (v instanceof List<?> l) {
            return !l.isEmpty();
        }
        if (v instanceof Number n) {
            return n.doubleValue() != 0;
        }
        return true;
    }

    /** A mapping with its keys as Python would print them ({@code on:} is the key "True"). */
    static Map<String, Object> textKeys(Map<?, ?> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            out.put(keyText(e.getKey()), e.getValue());
        }
        return out;
    }

    static String keyText(Object key) {
        if (key instanceof Boolean b) {
            return b ? "True" : "False";
        }
        return key == null ? "None" : String.valueOf(key);
    }

    private static DroverException parseError(String message) {
        return DroverException.parse(message, SourceLocation.UNKNOWN);
    }
}
