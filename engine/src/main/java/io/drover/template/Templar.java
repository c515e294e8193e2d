package io.drover.template;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.expression.ExpressionStrategy;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import com.hubspot.jinjava.tree.Node;
import com.hubspot.jinjava.tree.output.RenderedOutputNode;
import com.hubspot.jinjava.tree.parse.ExpressionToken;
import io.drover.yaml.YamlLoader;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jinjava.javax.el.CompositeELResolver;

/**
 * Renders Ansible templates (Jinja2 as ansible-core 2.14 configures it) on top of one shared Jinjava engine.
 *
 * <p>Variables are read only through {@code vars.get}/{@code containsKey}, so callers may pass lazy views of huge
 * variable sets. Parsed templates are cached by source text; a Templar is safe to use from many threads.
 */
public final class Templar {

    private static final Pattern SINGLE_VAR = Pattern.compile("^\\{\\{\\s*(\\w*)\\s*}}$");
    private static final Pattern JINJA2_HEADER = Pattern.compile("^#jinja2:(.*?)(\\r?\\n|$)");
    private static final int CACHE_LIMIT = 20_000;

    private final TemplarOptions options;
    private final Jinjava jinjava;
    /** Parse/render settings by (trim_blocks, lstrip_blocks); Ansible always keeps trailing newlines. */
    private final JinjavaConfig[] configs = new JinjavaConfig[4];
    private final Map<String, Node> templates = new ConcurrentHashMap<>();
    private final Map<String, String> expressions = new ConcurrentHashMap<>();
    /** Template string → its single {{ }} expression, or "" when it is not a single expression. */
    private final Map<String, String> singleExpressions = new ConcurrentHashMap<>();
    private final Lookups lookups;

    public Templar(TemplarOptions options) {
        this.options = options;
        CompositeELResolver resolver = new CompositeELResolver();
        resolver.add(new AnsibleResolver());
        resolver.add(com.hubspot.jinjava.el.JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_ONLY);
        for (int i = 0; i < 4; i++) {
            configs[i] = JinjavaConfig.newBuilder()
                    .withTrimBlocks((i & 1) != 0)
                    .withLstripBlocks((i & 2) != 0)
                    .withKeepTrailingNewline(true)
                    .withElResolver(resolver)
                    .withIterateOverMapKeys(true)
                    .withMaxOutputSize(0)
                    .withMaxRenderDepth(20)
                    .withLegacyOverrides(LegacyOverrides.newBuilder()
                            .withEvaluateMapKeys(true)
                            .withIterateOverMapKeys(true)
                            .withUseNaturalOperatorPrecedence(true)
                            .withParseWhitespaceControlStrictly(true)
                            .withKeepNullableLoopValues(true)
                            .withHandleBackslashInQuotesOnly(true)
                            .withAllowAdjacentTextNodes(true)
                            .build())
                    .build();
        }
        this.jinjava = new Jinjava(configs[1]);
        this.lookups = new Lookups(this);
        jinjava.setResourceLocator(this::locateInclude);
        Context global = jinjava.getGlobalContext();
        Filters.register(global);
        Tests.register(global);
        for (String name : List.of("lookup", "query", "q", "dict", JinjaSource.TEST_ARGS)) {
            try {
                String method = name.equals(JinjaSource.TEST_ARGS) ? "testArgs" : name;
                java.lang.reflect.Method m = Functions.class.getMethod(method, Object[].class);
                global.registerFunction(new ELFunctionDefinition("", name, m));
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    TemplarOptions options() {
        return options;
    }

    Lookups lookups() {
        return lookups;
    }

    /** True if the value is a string containing a Jinja delimiter. */
    public static boolean isTemplate(Object value) {
        if (!(value instanceof String s)) {
            return false;
        }
        return s.contains("{{") || s.contains("{%") || s.contains("{#");
    }

    /**
     * Renders a value as Ansible renders module arguments: every string (recursively inside lists and map values;
     * map keys are left alone) is templated; a lone {@code {{ var }}} keeps the variable's type, other results are
     * text, turned into a list/dict/bool when the text reads as such a Python literal.
     */
    public Object template(Object value, Map<String, Object> vars) throws TemplateException {
        if (value instanceof String s) {
            return templateString(s, vars);
        } else if (value instanceof YamlLoader.VaultText vault) {
            // decrypted text is used as it is, never rendered (ansible-core does the same)
            try {
                return new YamlLoader.UnsafeText(vault.plaintext());
            } catch (io.drover.vault.VaultException e) {
                throw new TemplateException(e.getMessage(), false, e);
            }
        } else if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) {
                out.add(template(o, vars));
            }
            return out;
        } else if (value instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put(e.getKey(), template(e.getValue(), vars));
            }
            return out;
        }
        return value;
    }

    private Object templateString(String s, Map<String, Object> vars) throws TemplateException {
        if (!isTemplate(s)) {
            return s;
        }
        Matcher single = SINGLE_VAR.matcher(s);
        if (single.matches() && vars.containsKey(single.group(1))) {
            Object v = vars.get(single.group(1));
            if (v == null || v instanceof Boolean || v instanceof Number) {
                return v;
            }
            if (v instanceof YamlLoader.UnsafeText) {
                return v;
            }
            if (v instanceof List<?> || v instanceof Map<?, ?>) {
                // str() then literal_eval gives back an equal plain structure
                try {
                    return Values.toData(v);
                } catch (Undefined.UndefinedUse e) {
                    throw new TemplateException(e.getMessage(), true, null);
                }
            }
            if (v instanceof CharSequence text) {
                return literalOrText(text.toString());
            }
        }
        String expr = singleExpressions.get(s);
        if (expr == null) {
            JinjaSource.Rewritten e = JinjaSource.singleExpression(s, true);
            if (e != null) {
                checkNames(e, s);
            }
            expr = e == null ? "" : e.source();
            cachePut(singleExpressions, s, expr);
        }
        if (!expr.isEmpty()) {
            // one {{ }} block: its value is written as text, unless a text-producing filter made it
            Object v = evaluatePrepared(expr, vars, s, true);
            if (v instanceof NativeText t) {
                return t.text();
            }
            try {
                return literalOrText(Values.output(v));
            } catch (Undefined.UndefinedUse e) {
                throw new TemplateException(e.getMessage(), true, null);
            }
        }
        return literalOrText(render(s, vars, true, configs[1], s));
    }

    private static Object literalOrText(String out) {
        if (out.startsWith("{") || out.startsWith("[") || out.equals("True") || out.equals("False")) {
            return Values.toData(PythonLiteral.parseOr(out, out));
        }
        return out;
    }

    /** Evaluates a bare Jinja expression ({@code when:}, {@code debug var=}, {@code assert that:}) to its value. */
    public Object evaluate(String expression, Map<String, Object> vars) throws TemplateException {
        String expr = expression.strip();
        if (expr.startsWith("{{") && expr.endsWith("}}") && expr.indexOf("{{", 2) < 0) {
            expr = expr.substring(2, expr.length() - 2).strip();
        }
        Object result = evaluatePrepared(expr, vars, expr, false);
        if (result instanceof Undefined u) {
            throw new TemplateException(u.message(), true, null);
        }
        try {
            return Values.toData(result);
        } catch (Undefined.UndefinedUse e) {
            throw new TemplateException(e.getMessage(), true, null);
        }
    }

    /**
     * Evaluates an expression ({@code rewritten}: already passed through {@link JinjaSource}). The raw value is
     * returned (may be {@link Undefined} or {@link NativeText}).
     */
    private Object evaluatePrepared(String source, Map<String, Object> vars, String shownSource, boolean rewritten)
            throws TemplateException {
        String prepared = rewritten ? source : expressions.get(source);
        if (prepared == null) {
            JinjaSource.Rewritten rw = JinjaSource.expression(source);
            checkNames(rw, shownSource);
            prepared = rw.source();
            cachePut(expressions, source, prepared);
        }
        RenderContext ctx = new RenderContext(jinjava.getGlobalContext(), this, vars);
        ctx.setExpressionStrategy(OUTPUT);
        JinjavaInterpreter interpreter = new JinjavaInterpreter(jinjava, ctx, configs[1]);
        JinjavaInterpreter.pushCurrent(interpreter);
        Object result;
        try {
            result = interpreter.resolveELExpression(prepared, 1);
        } finally {
            JinjavaInterpreter.popCurrent();
        }
        raiseErrors(ctx, interpreter, shownSource);
        return result;
    }

    /** A condition: booleans as they are, strings evaluated and judged by Jinja truthiness. */
    public boolean condition(Object condition, Map<String, Object> vars) throws TemplateException {
        if (condition instanceof Boolean b) {
            return b;
        }
        if (condition == null) {
            return false;
        }
        if (condition instanceof Number || condition instanceof List<?> || condition instanceof Map<?, ?>) {
            return Values.truthy(condition);
        }
        Object v = evaluate(condition.toString(), vars);
        return Values.truthy(v);
    }

    /**
     * Renders a whole template file to text (template module, template lookup): trim_blocks, no lstrip_blocks,
     * trailing newline kept, {@code #jinja2:} first-line overrides honoured.
     */
    public String renderText(String source, Map<String, Object> vars, TextOptions options) throws TemplateException {
        TextOptions opts = options == null ? TextOptions.DEFAULT : options;
        String body = source;
        Matcher header = JINJA2_HEADER.matcher(source);
        if (header.find()) {
            body = source.substring(header.end());
            opts = withHeader(opts, header.group(1));
        }
        // Translated before anything else reads the text; the header line is gone, as in Ansible.
        body = opts.delimiters().toStandard(body);
        JinjavaConfig config = configs[(opts.trimBlocks() ? 1 : 0) | (opts.lstripBlocks() ? 2 : 0)];
        String text = body;
        return withTemplateDir(opts.templateDir(), () -> render(text, vars, false, config, source));
    }

    /**
     * Applies a {@code #jinja2:key: value, ...} header: trim_blocks, lstrip_blocks and the delimiter strings,
     * whose values are Python string literals.
     */
    private TextOptions withHeader(TextOptions opts, String header) {
        boolean trim = opts.trimBlocks();
        boolean lstrip = opts.lstripBlocks();
        String[] strings = new String[6];
        for (String part : header.split(",")) {
            String[] kv = part.split(":", 2);
            if (kv.length != 2) {
                continue;
            }
            String key = kv[0].strip();
            String value = kv[1].strip();
            int slot = HEADER_DELIMITERS.indexOf(key);
            if (key.equals("trim_blocks")) {
                trim = value.equalsIgnoreCase("true");
            } else if (key.equals("lstrip_blocks")) {
                lstrip = value.equalsIgnoreCase("true");
            } else if (slot >= 0 && value.length() >= 2 && (value.charAt(0) == '"' || value.charAt(0) == '\'')
                    && value.charAt(value.length() - 1) == value.charAt(0)) {
                strings[slot] = value.substring(1, value.length() - 1);
            } else {
                this.options.warnings().accept("Unsupported #jinja2 override ignored: " + key);
            }
        }
        return opts.withBlocks(trim, lstrip).withDelimiters(opts.delimiters()
                .with(strings[0], strings[1], strings[2], strings[3], strings[4], strings[5]));
    }

    private static final List<String> HEADER_DELIMITERS = List.of("variable_start_string", "variable_end_string",
            "block_start_string", "block_end_string", "comment_start_string", "comment_end_string");

    // ---------------------------------------------------------------------------------------------------------

    /** Directory stack for includes of the template being rendered on this thread (text mode only). */
    private final ThreadLocal<List<Path>> templateDirs = ThreadLocal.withInitial(ArrayList::new);

    private interface Render {
        String run() throws TemplateException;
    }

    private String withTemplateDir(Path dir, Render r) throws TemplateException {
        List<Path> dirs = templateDirs.get();
        if (dir != null) {
            dirs.add(dir);
        }
        try {
            return r.run();
        } finally {
            if (dir != null) {
                dirs.remove(dirs.size() - 1);
            }
        }
    }

    private String locateInclude(String name, Charset charset, JinjavaInterpreter interpreter) throws java.io.IOException {
        List<Path> candidates = new ArrayList<>();
        List<Path> dirs = templateDirs.get();
        for (int i = dirs.size() - 1; i >= 0; i--) {
            candidates.add(dirs.get(i).resolve(name));
        }
        RenderContext rc = RenderContext.of(interpreter);
        if (rc != null) {
            for (Path dir : lookups.searchDirs(rc.vars, "templates")) {
                candidates.add(dir.resolve(name));
            }
        }
        for (Path p : candidates) {
            if (Files.isRegularFile(p)) {
                JinjaSource.Rewritten rw = JinjaSource.template(Files.readString(p, charset), false);
                return rw.source();
            }
        }
        throw new java.io.IOException("template not found: " + name);
    }

    /** Renders template source to text; {@code verbatimStrings} applies Ansible's backslash escaping of {{ }}. */
    String render(String source, Map<String, Object> vars, boolean verbatimStrings, JinjavaConfig config,
                  String shownSource) throws TemplateException {
        String key = (verbatimStrings ? "s" : "t") + configIndex(config) + source;
        Node root = templates.get(key);
        if (root == null) {
            JinjaSource.Rewritten rw = JinjaSource.template(source, verbatimStrings);
            checkNames(rw, shownSource);
            RenderContext parseCtx = new RenderContext(jinjava.getGlobalContext(), this, Map.of());
            parseCtx.setExpressionStrategy(OUTPUT);
            JinjavaInterpreter parser = new JinjavaInterpreter(jinjava, parseCtx, config);
            JinjavaInterpreter.pushCurrent(parser);
            try {
                root = parser.parse(rw.source());
            } finally {
                JinjavaInterpreter.popCurrent();
            }
            raiseErrors(parseCtx, parser, shownSource);
            cachePut(templates, key, root);
        }
        RenderContext ctx = new RenderContext(jinjava.getGlobalContext(), this, vars);
        ctx.setExpressionStrategy(OUTPUT);
        JinjavaInterpreter interpreter = new JinjavaInterpreter(jinjava, ctx, config);
        JinjavaInterpreter.pushCurrent(interpreter);
        String out;
        try {
            out = interpreter.render(root, true);
        } catch (Undefined.UndefinedUse e) {
            throw new TemplateException(e.getMessage(), true, e);
        } catch (RuntimeException e) {
            ctx.fail(templateError(rootMessage(e), shownSource), false);
            out = "";
        } finally {
            JinjavaInterpreter.popCurrent();
        }
        raiseErrors(ctx, interpreter, shownSource);
        return out;
    }

    private int configIndex(JinjavaConfig config) {
        for (int i = 0; i < configs.length; i++) {
            if (configs[i] == config) {
                return i;
            }
        }
        return 9;
    }

    private static <V> void cachePut(Map<String, V> cache, String key, V value) {
        if (cache.size() >= CACHE_LIMIT) {
            cache.clear();
        }
        cache.put(key, value);
    }

    private void checkNames(JinjaSource.Rewritten rw, String shownSource) throws TemplateException {
        if (rw.error() != null) {
            throw new TemplateException(templateError(rw.error(), shownSource));
        }
        Context global = jinjava.getGlobalContext();
        for (String f : rw.filters()) {
            if (global.getFilter(f) == null) {
                throw new TemplateException(templateError("Could not load \"" + f + "\": '" + f + "'", shownSource));
            }
        }
        for (String t : rw.tests()) {
            if (global.getExpTest(t) == null) {
                throw new TemplateException(templateError("Could not load \"" + t + "\": '" + t + "'", shownSource));
            }
        }
    }

    private static String templateError(String message, String source) {
        return "template error while templating string: " + message + ". String: " + source;
    }

    /** Turns the first failure of a render into Ansible's error. */
    private static void raiseErrors(RenderContext ctx, JinjavaInterpreter interpreter, String source)
            throws TemplateException {
        if (ctx.failure() != null) {
            throw new TemplateException(ctx.failure(), ctx.failureUndefined(), null);
        }
        for (TemplateError error : interpreter.getErrors()) {
            if (error.getSeverity() != TemplateError.ErrorType.FATAL) {
                continue;
            }
            Throwable cause = error.getException();
            java.util.Optional<io.drover.vault.VaultException> vault = io.drover.vault.VaultException.causeOf(cause);
            if (vault.isPresent()) {
                throw new TemplateException(vault.get().getMessage(), false, vault.get());
            }
            for (Throwable t = cause; t != null; t = t.getCause()) {
                if (t instanceof Undefined.UndefinedUse) {
                    throw new TemplateException(t.getMessage(), true, null);
                }
                if (t instanceof FilterError) {
                    throw new TemplateException(t.getMessage(), false, null);
                }
            }
            String message = error.getMessage() == null ? "" : error.getMessage();
            if (message.contains(Undefined.class.getName()) && ctx.lastUndefined != null) {
                throw new TemplateException(ctx.lastUndefined.message(), true, null);
            }
            Matcher fn = Pattern.compile("Could not resolve function '([^']*)'").matcher(message);
            if (fn.find()) {
                throw new TemplateException("'" + fn.group(1) + "' is undefined", true, null);
            }
            throw new TemplateException(templateError(cleanMessage(message), source), false, null);
        }
    }

    private static String cleanMessage(String message) {
        String m = message;
        int orig = m.indexOf("\nOriginating Exception");
        if (orig >= 0) {
            m = m.substring(0, orig);
        }
        return m.replaceAll("^Error resolving expression \\[[^]]*]: ", "").strip();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** Writes {@code {{ }}} results the way Ansible's Jinja environment does: Python str(), None as empty text. */
    private static final ExpressionStrategy OUTPUT = new PythonOutput();

    private static final class PythonOutput implements ExpressionStrategy {
        private static final long serialVersionUID = 1L;

        @Override
        public RenderedOutputNode interpretOutput(ExpressionToken master, JinjavaInterpreter interpreter) {
            Object value = interpreter.resolveELExpression(master.getExpr(), master.getLineNumber());
            try {
                return new RenderedOutputNode(Values.output(value));
            } catch (Undefined.UndefinedUse e) {
                RenderContext rc = RenderContext.of(interpreter);
                if (rc != null) {
                    rc.fail(e.getMessage(), true);
                }
                return new RenderedOutputNode("");
            }
        }
    }
}
