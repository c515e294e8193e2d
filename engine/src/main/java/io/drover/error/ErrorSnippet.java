package io.drover.error;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * The source lines around an error position with a caret under the column, as ansible-playbook prints them
 * after "The offending line appears to be:". Read only when an error is shown, so parsing never pays for it.
 */
final class ErrorSnippet {

    private ErrorSnippet() {
    }

    /** The previous line, the offending line and a caret line; null when the file cannot be read. */
    static String around(SourceLocation loc) {
        if (loc.line() <= 0) {
            return null;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of(loc.file()), StandardCharsets.UTF_8);
        } catch (IOException | UncheckedIOException | InvalidPathException | SecurityException e) {
            return null;
        }
        if (loc.line() > lines.size()) {
            return null;
        }
        String previous = loc.line() >= 2 ? lines.get(loc.line() - 2) : "";
        String offending = lines.get(loc.line() - 1);
        return previous + "\n" + offending + "\n" + " ".repeat(Math.max(0, loc.column() - 1)) + "^ here";
    }
}
