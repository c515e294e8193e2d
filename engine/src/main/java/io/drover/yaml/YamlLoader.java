package io.drover.yaml;

import io.drover.error.DroverException;
import io.drover.error.SourceLocation;
import io.drover.vault.Vault;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Loads YAML the way Ansible's PyYAML does (YAML 1.1: yes/no booleans, 0777 octal, merge keys) and remembers where
 * every mapping and sequence started, so parse errors can name file, line and column.
 *
 * <p>{@code !unsafe} scalars become {@link UnsafeText} (never templated); {@code !vault} scalars become
 * {@link VaultText}, decrypted only when used. A whole file that is vaulted is decrypted before it is read, as
 * ansible-core's loader does. Duplicate keys are reported to the warning sink, the last value wins (as in Ansible).
 * Alias expansion is bounded to defeat "billion laughs" documents.
 */
public final class YamlLoader {

    private static final int MAX_ALIASES = 200;

    private final Consumer<String> warnings;
    private final Vault vault;

    /** A loader without vault passwords: vaulted data fails when it is used. */
    public YamlLoader(Consumer<String> warnings) {
        this(warnings, new Vault(null));
    }

    public YamlLoader(Consumer<String> warnings, Vault vault) {
        this.warnings = warnings;
        this.vault = vault;
    }

    public Vault vault() {
        return vault;
    }

    /** A loaded document: its data plus the positions of its containers. */
    public record Document(String file, Object data, Map<Object, SourceLocation> locations) {
        /** Where a mapping or list of this document starts; the file alone if unknown. */
        public SourceLocation locationOf(Object container) {
            SourceLocation loc = container == null ? null : locations.get(container);
            return loc == null ? SourceLocation.of(file) : loc;
        }
    }

    public Document load(Path file) {
        byte[] data;
        try {
            data = Files.readAllBytes(file);
        } catch (IOException e) {
            throw DroverException.runtime("Could not read " + file + ": " + e.getMessage(), SourceLocation.of(file.toString()));
        }
        if (Vault.isEncrypted(data)) {
            data = vault.decrypt(data, file.toString());
        }
        return load(file.toString(), new String(data, StandardCharsets.UTF_8));
    }

    public Document load(String fileName, String text) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setAllowDuplicateKeys(true);
        options.setAllowRecursiveKeys(false);
        options.setCodePointLimit(64 * 1024 * 1024);
        LocatingConstructor constructor = new LocatingConstructor(options, fileName, warnings, vault);
        Yaml yaml = new Yaml(constructor, new org.yaml.snakeyaml.representer.Representer(new org.yaml.snakeyaml.DumperOptions()),
                new org.yaml.snakeyaml.DumperOptions(), options, new PyYamlResolver());
        try {
            Object data = yaml.load(new StringReader(text));
            return new Document(fileName, data, constructor.locations);
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            SourceLocation loc = m == null ? SourceLocation.of(fileName)
                    : new SourceLocation(fileName, m.getLine() + 1, m.getColumn() + 1);
            String problem = e.getProblem() == null ? e.getMessage() : e.getProblem();
            String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
            throw DroverException.parse("Syntax Error while loading YAML.\n  " + problem + context, loc);
        } catch (YAMLException e) {
            throw DroverException.parse("Syntax Error while loading YAML.\n  " + e.getMessage(), SourceLocation.of(fileName));
        }
    }

    /** Text marked {@code !unsafe}: used as it is, never rendered as a template. */
    public record UnsafeText(String text) implements CharSequence {
        @Override
        public int length() {
            return text.length();
        }

        @Override
        public char charAt(int index) {
            return text.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /**
     * An Ansible Vault ciphertext ({@code !vault |}), decrypted only when used — with the passwords of the loader
     * that read it, so a value carries what it needs wherever it travels.
     */
    public record VaultText(String ciphertext, Vault vault) {
        /** The plaintext; a {@link io.drover.vault.VaultException} with Ansible's message when it cannot be had. */
        public String plaintext() {
            return vault.decryptText(ciphertext, null);
        }

        /** Never the plaintext, never the secrets. */
        @Override
        public String toString() {
            return "VaultText[" + ciphertext.lines().findFirst().orElse("") + "]";
        }
    }

    /**
     * snakeyaml's implicit types with PyYAML's float rule: YAML 1.1 floats need a dot, so {@code 1e-05} and
     * {@code 1e3} stay strings as they do in Ansible.
     */
    private static final class PyYamlResolver extends org.yaml.snakeyaml.resolver.Resolver {
        private static final java.util.regex.Pattern PY_FLOAT = java.util.regex.Pattern.compile(
                "^(?:[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?"
                        + "|\\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
                        + "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*"
                        + "|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$");

        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.BOOL, BOOL, "yYnNtTfFoO");
            addImplicitResolver(Tag.INT, INT, "-+0123456789");
            addImplicitResolver(Tag.FLOAT, PY_FLOAT, "-+0123456789.");
            addImplicitResolver(Tag.MERGE, MERGE, "<");
            addImplicitResolver(Tag.NULL, NULL, "~nN\0");
            addImplicitResolver(Tag.NULL, EMPTY, null);
            addImplicitResolver(Tag.TIMESTAMP, TIMESTAMP, "0123456789");
            addImplicitResolver(Tag.YAML, YAML, "!&*");
        }
    }

    private static final class LocatingConstructor extends SafeConstructor {
        final Map<Object, SourceLocation> locations = new IdentityHashMap<>();
        private final String file;
        private final Consumer<String> warnings;

        LocatingConstructor(LoaderOptions options, String file, Consumer<String> warnings, Vault vault) {
            super(options);
            this.file = file;
            this.warnings = warnings;
            this.yamlConstructors.put(new Tag("!unsafe"), new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    return new UnsafeText(constructScalar((ScalarNode) node));
                }
            });
            this.yamlConstructors.put(new Tag("!vault"), new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    return new VaultText(constructScalar((ScalarNode) node), vault);
                }
            });
        }

        @Override
        protected Object constructObject(Node node) {
            if (node instanceof MappingNode mapping) {
                warnDuplicates(mapping);
            }
            Object result = super.constructObject(node);
            if ((result instanceof Map<?, ?> || result instanceof List<?>) && !locations.containsKey(result)) {
                Mark m = node.getStartMark();
                locations.put(result, new SourceLocation(file, m.getLine() + 1, m.getColumn() + 1));
            }
            return result;
        }

        private void warnDuplicates(MappingNode mapping) {
            Set<String> seen = new HashSet<>();
            List<NodeTuple> tuples = new ArrayList<>(mapping.getValue());
            for (NodeTuple t : tuples) {
                if (t.getKeyNode() instanceof MappingNode || t.getKeyNode() instanceof org.yaml.snakeyaml.nodes.SequenceNode) {
                    // PyYAML cannot hash a mapping or list used as a key; "msg: {{ x }}" unquoted lands here.
                    throw new MarkedYAMLException("while constructing a mapping", mapping.getStartMark(),
                            "found unacceptable key (unhashable type: '"
                                    + (t.getKeyNode() instanceof MappingNode ? "dict" : "list") + "')",
                            t.getKeyNode().getStartMark()) {
                    };
                }
                if (t.getKeyNode() instanceof ScalarNode key && !"<<".equals(key.getValue())) {
                    if (!seen.add(key.getValue())) {
                        Mark m = key.getStartMark();
                        warnings.accept("While constructing a mapping from " + file + ", line "
                                + (mapping.getStartMark().getLine() + 1) + ", column "
                                + (mapping.getStartMark().getColumn() + 1) + ", found a duplicate dict key ("
                                + key.getValue() + "). Using last defined value only. (line " + (m.getLine() + 1) + ")");
                    }
                }
            }
        }
    }
}
