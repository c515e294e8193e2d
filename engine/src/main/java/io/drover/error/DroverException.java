package io.drover.error;

import java.util.List;
import java.util.Objects;

/**
 * An error meant for users: a message, where it was found and what kind of failure it is. The kind decides the
 * exit code the CLI returns, mirroring ansible-playbook (parse errors 4, runtime errors 1).
 */
public class DroverException extends RuntimeException {

    /** Kinds of user-facing failure; each maps to the exit code ansible-playbook uses for it. */
    public enum Kind {
        /** Syntax or structure error in YAML, inventory or playbook, found before any host is contacted. */
        PARSE(4),
        /** An error while running (missing file, unknown handler, no hosts left by --limit). */
        RUNTIME(1),
        /** Bad option values after the command line itself was parsed. */
        OPTIONS(5),
        /**
         * Module arguments that the module does not accept. ansible-playbook fails the host at that task (exit 2);
         * Drover finds them before any host is contacted and exits with the same code.
         */
        MODULE_ARGUMENTS(2);

        private final int exitCode;

        Kind(int exitCode) {
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    private final Kind kind;
    private final SourceLocation location;
    private final List<DroverException> related;

    public DroverException(Kind kind, String message, SourceLocation location) {
        this(kind, message, location, null);
    }

    public DroverException(Kind kind, String message, SourceLocation location, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind);
        this.location = location == null ? SourceLocation.UNKNOWN : location;
        this.related = List.of();
    }

    private DroverException(List<DroverException> all) {
        super(all.get(0).getMessage());
        this.kind = all.get(0).kind;
        this.location = all.get(0).location;
        this.related = List.copyOf(all);
    }

    public static DroverException parse(String message, SourceLocation location) {
        return new DroverException(Kind.PARSE, message, location);
    }

    public static DroverException runtime(String message, SourceLocation location) {
        return new DroverException(Kind.RUNTIME, message, location);
    }

    /** Several problems found in one pass, reported together; the first decides the kind. */
    public static DroverException all(List<DroverException> problems) {
        if (problems.size() == 1) {
            return problems.get(0);
        }
        return new DroverException(problems);
    }

    public Kind kind() {
        return kind;
    }

    public SourceLocation location() {
        return location;
    }

    /** All problems when several were collected, otherwise just this one. */
    public List<DroverException> problems() {
        return related.isEmpty() ? List.of(this) : related;
    }

    /**
     * The message followed by the location, the way ansible-playbook shows it (without its "ERROR! " prefix):
     * when the file is readable, also the offending line with a caret under the column.
     */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (DroverException p : problems()) {
            if (!sb.isEmpty()) {
                sb.append("\n\n");
            }
            sb.append(p.getMessage());
            if (p.location != SourceLocation.UNKNOWN) {
                sb.append("\n\nThe error appears to be in '").append(p.location.file()).append('\'');
                if (p.location.line() > 0) {
                    sb.append(": line ").append(p.location.line()).append(", column ").append(p.location.column());
                    String snippet = ErrorSnippet.around(p.location);
                    if (snippet != null) {
                        sb.append(", but may\nbe elsewhere in the file depending on the exact syntax problem.\n\n")
                                .append("The offending line appears to be:\n\n").append(snippet);
                    }
                }
            }
        }
        return sb.toString();
    }
}
