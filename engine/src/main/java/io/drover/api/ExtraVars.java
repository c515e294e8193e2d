package io.drover.api;

import io.drover.error.DroverException;
import io.drover.error.SourceLocation;
import io.drover.text.Shlex;
import io.drover.yaml.YamlLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code -e} values as ansible-playbook reads them: {@code @file} (YAML or JSON), inline YAML/JSON starting with
 * {@code {} or {@code [}, otherwise {@code k=v} pairs whose values stay strings. Later values win.
 */
public final class ExtraVars {
    private ExtraVars() {
    }

    public static Map<String, Object> parse(List<String> values, Path cwd, Consumer<String> warnings) {
        return parse(values, cwd, io.drover.vault.VaultSecrets.none(), warnings);
    }

    /** Like {@link #parse(List, Path, Consumer)}; {@code @file}s may be vaulted, values may hold {@code !vault}. */
    public static Map<String, Object> parse(List<String> values, Path cwd, io.drover.vault.VaultSecrets secrets,
                                            Consumer<String> warnings) {
        Map<String, Object> out = new LinkedHashMap<>();
        YamlLoader yaml = new YamlLoader(warnings, new io.drover.vault.Vault(secrets));
        for (String v : values) {
            String s = v.strip();
            Object data;
            if (s.startsWith("@")) {
                Path file = cwd.resolve(s.substring(1));
                if (!Files.isRegularFile(file)) {
                    throw DroverException.runtime("the file_name '" + file + "' does not exist, or is not readable",
                            SourceLocation.UNKNOWN);
                }
                data = yaml.load(file).data();
            } else if (s.startsWith("{") || s.startsWith("[")) {
                data = yaml.load("<extra vars>", s).data();
            } else {
                Map<String, Object> kv = new LinkedHashMap<>();
                List<String> words;
                try {
                    words = Shlex.split(s);
                } catch (IllegalArgumentException e) {
                    throw DroverException.runtime("Invalid extra vars data supplied. '" + v + "': " + e.getMessage(),
                            SourceLocation.UNKNOWN);
                }
                for (String word : words) {
                    int eq = word.indexOf('=');
                    if (eq <= 0) {
                        throw DroverException.runtime("Invalid extra vars data supplied. '" + v
                                + "' could not be made into a dictionary", SourceLocation.UNKNOWN);
                    }
                    kv.put(word.substring(0, eq), word.substring(eq + 1));
                }
                data = kv;
            }
            if (data == null) {
                continue;
            }
            if (!(data instanceof Map<?, ?> m)) {
                throw DroverException.runtime("Invalid extra vars data supplied. '" + v
                        + "' could not be made into a dictionary", SourceLocation.UNKNOWN);
            }
            m.forEach((k, val) -> out.put(String.valueOf(k), val));
        }
        return out;
    }
}
