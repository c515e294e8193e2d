package io.drover.vars;

/**
 * A variable could not be rendered while it was looked up (undefined reference inside it, recursion). Unchecked
 * because it crosses {@link java.util.Map#get}; the executor turns it into a task failure.
 */
public class VariableException extends RuntimeException {
    public VariableException(String message) {
        super(message);
    }

    public VariableException(String message, Throwable cause) {
        super(message, cause);
    }
}
