package io.drover.error;

/**
 * Where something was written: a file and a 1-based line and column. Every parsed model element carries one so
 * errors can point users at their own source, as ansible-playbook does.
 */
public record SourceLocation(String file, int line, int column) {

    public static final SourceLocation UNKNOWN = new SourceLocation("<unknown>", 0, 0);

    public static SourceLocation of(String file) {
        return new SourceLocation(file, 0, 0);
    }

    @Override
    public String toString() {
        if (line <= 0) {
            return file;
        }
        return file + ":" + line + ":" + column;
    }
}
