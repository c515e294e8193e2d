package io.drover.config;

import io.drover.error.DroverException;
import io.drover.error.SourceLocation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An INI file read the way ansible-core reads ansible.cfg: Python's {@code configparser.ConfigParser} with
 * {@code inline_comment_prefixes=(';',)} and values taken raw (no {@code %(x)s} interpolation).
 *
 * <p>That means: {@code key = value} or {@code key: value} (split at the first {@code =} or {@code :}); keys are
 * case-insensitive, section names are not; whole-line comments start with {@code #} or {@code ;}; an inline comment
 * starts with {@code ;} after whitespace ({@code #} mid-line is part of the value); a line indented deeper than its
 * key continues the value (joined with newlines); {@code [DEFAULT]} values show through every section; duplicate
 * sections or keys are errors.
 *
 * @param sections section name to (lower-cased key to value), in file order, without DEFAULT
 * @param defaults the {@code [DEFAULT]} section
 */
public record IniFile(Map<String, Map<String, String>> sections, Map<String, String> defaults) {

    private static final Pattern SECTION = Pattern.compile("\\[(?<name>.+)]");
    private static final Pattern OPTION = Pattern.compile("(?<key>.*?)\\s*[=:]\\s*(?<value>.*)");

    public IniFile {
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        sections.forEach((k, v) -> copy.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
        sections = Collections.unmodifiableMap(copy);
        defaults = Collections.unmodifiableMap(new LinkedHashMap<>(defaults));
    }

    /** The value of {@code key} in {@code section}, falling back to {@code [DEFAULT]}. */
    public Optional<String> get(String section, String key) {
        String k = key.toLowerCase(Locale.ROOT);
        Map<String, String> s = sections.get(section);
        if (s != null && s.containsKey(k)) {
            return Optional.of(s.get(k));
        }
        if (s == null && !section.equals("DEFAULT")) {
            return Optional.empty();
        }
        return Optional.ofNullable(defaults.get(k));
    }

    /** Parses INI text; {@code file} names the source in error messages. */
    public static IniFile parse(String text, String file) {
        Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
        Map<String, List<String>> defaults = new LinkedHashMap<>();
        Map<String, List<String>> current = null;
        String sectionName = null;
        String key = null;
        int keyIndent = Integer.MAX_VALUE;
        String[] lines = text.split("\r?\n|\r", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int lineNo = i + 1;
            int commentStart = inlineCommentStart(line);
            String stripped = line.strip();
            if (stripped.startsWith("#") || stripped.startsWith(";")) {
                commentStart = 0;
            }
            String value = (commentStart < 0 ? line : line.substring(0, commentStart)).strip();
            if (value.isEmpty()) {
                // blank lines may sit inside a multi-line value; a comment line keeps the value going too
                if (commentStart < 0 && current != null && key != null && current.get(key) != null) {
                    current.get(key).add("");
                }
                continue;
            }
            int indent = indentOf(line);
            if (current != null && key != null && indent > keyIndent) {
                current.get(key).add(value);
                continue;
            }
            keyIndent = indent;
            Matcher section = SECTION.matcher(value);
            if (section.matches()) {
                sectionName = section.group("name");
                if (sectionName.equals("DEFAULT")) {
                    current = defaults;
                } else if (sections.containsKey(sectionName)) {
                    throw error(file, lineNo, "section '" + sectionName + "' already exists");
                } else {
                    current = new LinkedHashMap<>();
                    sections.put(sectionName, current);
                }
                key = null;
                continue;
            }
            if (current == null) {
                throw error(file, lineNo, "File contains no section headers: '" + line + "'");
            }
            Matcher option = OPTION.matcher(value);
            if (!option.matches() || option.group("key").isEmpty()) {
                throw error(file, lineNo, "Source contains parsing errors: '" + line + "'");
            }
            key = option.group("key").strip().toLowerCase(Locale.ROOT);
            if (current.containsKey(key)) {
                throw error(file, lineNo, "option '" + key + "' in section '" + sectionName + "' already exists");
            }
            List<String> parts = new ArrayList<>();
            parts.add(option.group("value").strip());
            current.put(key, parts);
        }
        Map<String, Map<String, String>> joined = new LinkedHashMap<>();
        sections.forEach((name, options) -> joined.put(name, join(options)));
        return new IniFile(joined, join(defaults));
    }

    private static Map<String, String> join(Map<String, List<String>> options) {
        Map<String, String> out = new LinkedHashMap<>();
        options.forEach((k, parts) -> out.put(k, String.join("\n", parts).stripTrailing()));
        return out;
    }

    /** Where a {@code ;} comment starts: at the line start or after whitespace; -1 if none. */
    private static int inlineCommentStart(String line) {
        for (int i = line.indexOf(';'); i >= 0; i = line.indexOf(';', i + 1)) {
            if (i == 0 || Character.isWhitespace(line.charAt(i - 1))) {
                return i;
            }
        }
        return -1;
    }

    private static int indentOf(String line) {
        int i = 0;
        while (i < line.length() && Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        return i;
    }

    private static DroverException error(String file, int line, String message) {
        return new DroverException(DroverException.Kind.OPTIONS,
                "Error reading config file (" + file + "): " + message, new SourceLocation(file, line, 1));
    }
}
