package io.drover.template;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Lookup plugins, run on the controller while templating. Relative paths are searched in the directories of
 * {@code ansible_search_path} (each also with the {@code files/} or {@code templates/} subdirectory), else in
 * {@code playbook_dir}, else in the Templar's base directory.
 */
final class Lookups {

    /** A lookup failed in a way {@code errors='ignore'|'warn'} may swallow. */
    static final class LookupError extends RuntimeException {
        LookupError(String message) {
            super(message, null, false, false);
        }
    }

    private final Templar templar;

    Lookups(Templar templar) {
        this.templar = templar;
    }

    Object run(String name, List<Object> terms, Map<String, Object> kwargs, boolean wantList, Map<String, Object> vars) {
        Map<String, Object> kw = new LinkedHashMap<>(kwargs);
        kw.remove("wantlist");
        kw.remove("allow_unsafe");
        String errors = kw.containsKey("errors") ? Values.str(kw.remove("errors")) : "strict";
        List<Object> ran;
        try {
            ran = dispatch(name, terms, kw, vars);
        } catch (LookupError | FilterError e) {
            String msg = "Lookup failed but the error is being ignored: " + e.getMessage();
            switch (errors) {
                case "warn" -> templar.options().warnings().accept(msg);
                case "ignore" -> { }
                default -> throw new FilterError(e.getMessage());
            }
            return wantList ? new ArrayList<>() : null;
        }
        if (wantList || ran.isEmpty()) {
            return ran;
        }
        if (ran.stream().allMatch(o -> o instanceof CharSequence)) {
            return String.join(",", ran.stream().map(Object::toString).toList());
        }
        return ran.size() == 1 ? ran.get(0) : ran;
    }

    private List<Object> dispatch(String name, List<Object> terms, Map<String, Object> kw, Map<String, Object> vars) {
        return switch (name) {
            case "env" -> {
                List<Object> out = new ArrayList<>();
                Map<String, String> env = templar.options().environmentOrSystem();
                for (Object t : flat(terms)) {
                    String v = env.get(Values.str(t));
                    out.add(v == null ? Values.str(kw.getOrDefault("default", "")) : v);
                }
                yield out;
            }
            case "file" -> {
                List<Object> out = new ArrayList<>();
                boolean rstrip = Values.truthy(kw.getOrDefault("rstrip", true));
                boolean lstrip = Values.truthy(kw.getOrDefault("lstrip", false));
                for (Object t : flat(terms)) {
                    Path p = find(Values.str(t), vars, "files");
                    if (p == null) {
                        throw new LookupError("could not locate file in lookup: " + Values.str(t));
                    }
                    String text = read(p, Values.str(t));
                    if (rstrip) {
                        text = text.stripTrailing();
                    }
                    if (lstrip) {
                        text = text.stripLeading();
                    }
                    out.add(text);
                }
                yield out;
            }
            case "template" -> {
                List<Object> out = new ArrayList<>();
                for (Object t : flat(terms)) {
                    Path p = find(Values.str(t), vars, "templates");
                    if (p == null) {
                        throw new LookupError("the template file " + Values.str(t) + " could not be found for the lookup");
                    }
                    try {
                        out.add(templar.renderText(read(p, Values.str(t)), vars, TextOptions.forFile(p)));
                    } catch (TemplateException e) {
                        throw new FilterError(e.getMessage());
                    }
                }
                yield out;
            }
            case "pipe" -> {
                List<Object> out = new ArrayList<>();
                for (Object t : flat(terms)) {
                    out.add(pipe(Values.str(t), vars));
                }
                yield out;
            }
            case "vars" -> {
                List<Object> out = new ArrayList<>();
                for (Object t : flat(terms)) {
                    String n = Values.str(t);
                    if (vars.containsKey(n)) {
                        out.add(vars.get(n));
                    } else if (kw.containsKey("default")) {
                        out.add(kw.get("default"));
                    } else {
                        throw new Undefined.UndefinedUse("No variable found with this name: " + n);
                    }
                }
                yield out;
            }
            case "items" -> flat(terms);
            case "list" -> new ArrayList<>(terms);
            case "indexed_items" -> {
                List<Object> out = new ArrayList<>();
                List<Object> items = flat(terms);
                for (int i = 0; i < items.size(); i++) {
                    out.add(new ArrayList<>(Arrays.asList((long) i, items.get(i))));
                }
                yield out;
            }
            case "dict" -> {
                List<Object> out = new ArrayList<>();
                for (Object t : terms) {
                    if (!(t instanceof Map<?, ?> m)) {
                        throw new LookupError("with_dict expects a dict");
                    }
                    for (Map.Entry<?, ?> e : m.entrySet()) {
                        Map<Object, Object> item = new LinkedHashMap<>();
                        item.put("key", e.getKey());
                        item.put("value", e.getValue());
                        out.add(item);
                    }
                }
                yield out;
            }
            case "first_found" -> firstFound(terms, kw, vars);
            case "fileglob" -> {
                List<Object> out = new ArrayList<>();
                for (Object t : flat(terms)) {
                    out.addAll(glob(Values.str(t), vars));
                }
                yield out;
            }
            case "lines" -> {
                List<Object> out = new ArrayList<>();
                for (Object t : flat(terms)) {
                    out.addAll(Strings.splitlines(pipe(Values.str(t), vars)));
                }
                yield out;
            }
            case "sequence" -> sequence(terms, kw);
            case "nested" -> nested(terms);
            case "together" -> {
                List<Object> out = new ArrayList<>();
                int n = terms.stream().mapToInt(t -> Values.iterate(t).size()).max().orElse(0);
                for (int i = 0; i < n; i++) {
                    List<Object> row = new ArrayList<>();
                    for (Object t : terms) {
                        List<Object> l = Values.iterate(t);
                        row.add(i < l.size() ? l.get(i) : null);
                    }
                    out.add(row);
                }
                yield out;
            }
            default -> throw new FilterError("lookup plugin (" + name + ") not found");
        };
    }

    /** Terms as the with_items plugin sees them: one level of lists flattened. */
    private static List<Object> flat(List<Object> terms) {
        List<Object> out = new ArrayList<>();
        for (Object t : terms) {
            if (t instanceof List<?> l) {
                out.addAll(l);
            } else {
                out.add(t);
            }
        }
        return out;
    }

    private static String read(Path p, String term) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LookupError("The 'file' lookup had an issue accessing the file '" + term + "'");
        }
    }

    /** Directories relative controller paths are searched in, for a plugin kind ({@code files}, {@code templates}). */
    List<Path> searchDirs(Map<String, Object> vars, String subdir) {
        List<Path> dirs = new ArrayList<>();
        Object sp = vars.containsKey("ansible_search_path") ? vars.get("ansible_search_path") : null;
        List<Path> roots = new ArrayList<>();
        if (sp instanceof List<?> l) {
            for (Object o : l) {
                roots.add(Path.of(Values.str(o)));
            }
        } else if (vars.containsKey("playbook_dir") && vars.get("playbook_dir") != null) {
            roots.add(Path.of(Values.str(vars.get("playbook_dir"))));
        } else {
            roots.add(templar.options().baseDir());
        }
        for (Path r : roots) {
            dirs.add(r.resolve(subdir));
            dirs.add(r);
        }
        return dirs;
    }

    private Path find(String name, Map<String, Object> vars, String subdir) {
        Path p = Path.of(name);
        if (p.isAbsolute()) {
            return Files.exists(p) ? p : null;
        }
        for (Path dir : searchDirs(vars, subdir)) {
            Path c = dir.resolve(name);
            if (Files.exists(c)) {
                return c;
            }
        }
        return null;
    }

    private String pipe(String command, Map<String, Object> vars) {
        try {
            ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", command);
            pb.directory(searchDirs(vars, ".").get(1).toFile());
            pb.redirectErrorStream(false);
            pb.redirectError(ProcessBuilder.Redirect.DISCARD);
            Process proc = pb.start();
            proc.getOutputStream().close();
            String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!proc.waitFor(1, TimeUnit.HOURS) || proc.exitValue() != 0) {
                throw new LookupError("lookup_plugin.pipe(" + command + ") returned " + proc.exitValue());
            }
            return out.stripTrailing();
        } catch (IOException e) {
            throw new LookupError("lookup_plugin.pipe(" + command + ") failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LookupError("lookup_plugin.pipe(" + command + ") interrupted");
        }
    }

    private List<Object> firstFound(List<Object> terms, Map<String, Object> kw, Map<String, Object> vars) {
        List<String> files = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        boolean skip = Values.truthy(kw.get("skip"));
        for (Object t : flat(terms)) {
            if (t instanceof Map<?, ?> m) {
                addSplit(files, m.get("files"));
                addSplit(paths, m.get("paths"));
                skip = skip || Values.truthy(m.get("skip"));
            } else {
                files.add(Values.str(t));
            }
        }
        List<String> candidates = new ArrayList<>();
        if (paths.isEmpty()) {
            candidates.addAll(files);
        } else {
            for (String p : paths) {
                for (String f : files) {
                    candidates.add(Path.of(p).resolve(f).toString());
                }
            }
        }
        for (String c : candidates) {
            Path p = find(c, vars, "files");
            if (p != null) {
                return new ArrayList<>(List.of(p.toAbsolutePath().normalize().toString()));
            }
        }
        if (skip) {
            return new ArrayList<>();
        }
        throw new LookupError("No file was found when using first_found.");
    }

    private static void addSplit(List<String> out, Object v) {
        if (v == null) {
            return;
        }
        for (Object o : v instanceof List<?> l ? l : List.of(v)) {
            for (String s : Values.str(o).split("[,;]")) {
                if (!s.isBlank()) {
                    out.add(s.strip());
                }
            }
        }
    }

    private List<Object> glob(String pattern, Map<String, Object> vars) {
        List<Object> out = new ArrayList<>();
        Path pat = Path.of(pattern);
        List<Path> dirs = new ArrayList<>();
        if (pat.isAbsolute()) {
            dirs.add(pat.getParent());
        } else {
            for (Path d : searchDirs(vars, "files")) {
                Path parent = d.resolve(pattern).getParent();
                if (parent != null && Files.isDirectory(parent)) {
                    dirs.add(parent);
                    break;
                }
            }
        }
        String glob = pat.getFileName().toString();
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        for (Path d : dirs) {
            if (d == null || !Files.isDirectory(d)) {
                continue;
            }
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(d)) {
                List<String> found = new ArrayList<>();
                for (Path p : ds) {
                    if (Files.isRegularFile(p) && matcher.matches(p.getFileName())) {
                        found.add(p.toAbsolutePath().normalize().toString());
                    }
                }
                found.sort(null);
                out.addAll(found);
            } catch (IOException e) {
                // unreadable directory: no matches, as Python's glob
            }
        }
        return out;
    }

    private static List<Object> sequence(List<Object> terms, Map<String, Object> kw) {
        long start = 1;
        long end = 0;
        long stride = 1;
        String format = "%d";
        Long count = null;
        Map<String, Object> opts = new LinkedHashMap<>(kw);
        for (Object t : terms) {
            String s = Values.str(t).strip();
            java.util.regex.Matcher shortcut = java.util.regex.Pattern
                    .compile("^(?:(-?\\d+|0x[0-9a-f]+)-)?(-?\\d+|0x[0-9a-f]+)(?:/(-?\\d+|0x[0-9a-f]+))?(?::(.+))?$",
                            java.util.regex.Pattern.CASE_INSENSITIVE).matcher(s);
            if (!s.contains("=") && shortcut.matches()) {
                if (shortcut.group(1) != null) {
                    opts.put("start", shortcut.group(1));
                }
                opts.put("end", shortcut.group(2));
                if (shortcut.group(3) != null) {
                    opts.put("stride", shortcut.group(3));
                }
                if (shortcut.group(4) != null) {
                    opts.put("format", shortcut.group(4));
                }
            } else {
                for (String part : s.split("\\s+")) {
                    String[] kv = part.split("=", 2);
                    if (kv.length == 2) {
                        opts.put(kv[0], kv[1]);
                    }
                }
            }
        }
        if (opts.containsKey("start")) {
            start = Long.decode(Values.str(opts.get("start")));
        }
        if (opts.containsKey("end")) {
            end = Long.decode(Values.str(opts.get("end")));
        }
        if (opts.containsKey("count")) {
            count = Long.decode(Values.str(opts.get("count")));
        }
        if (opts.containsKey("stride")) {
            stride = Long.decode(Values.str(opts.get("stride")));
        }
        if (opts.containsKey("format")) {
            format = Values.str(opts.get("format"));
        }
        if (count != null) {
            if (opts.containsKey("end")) {
                throw new LookupError("can't specify both count and end in with_sequence");
            }
            end = start + count * stride - 1;
            if (count == 0) {
                return new ArrayList<>();
            }
        }
        List<Object> out = new ArrayList<>();
        if (stride > 0) {
            for (long i = start; i <= end; i += stride) {
                out.add(String.format(format, i));
            }
        } else if (stride < 0) {
            for (long i = start; i >= end; i += stride) {
                out.add(String.format(format, i));
            }
        }
        return out;
    }

    private static List<Object> nested(List<Object> terms) {
        List<Object> lists = terms.size() == 1 && terms.get(0) instanceof List<?> l ? new ArrayList<>(l) : terms;
        List<Object> out = new ArrayList<>();
        out.add(new ArrayList<>());
        for (Object l : lists) {
            List<Object> next = new ArrayList<>();
            for (Object prefix : out) {
                for (Object x : Values.iterate(l)) {
                    List<Object> row = new ArrayList<>((List<?>) prefix);
                    row.add(x);
                    next.add(row);
                }
            }
            out = next;
        }
        return out;
    }
}
