package io.drover.template;

/**
 * A template could not be rendered. The message uses Ansible's wording ({@code 'x' is undefined},
 * {@code 'dict object' has no attribute 'on'}, {@code template error while templating string: ...}) so the executor
 * can show it to users unchanged.
 */
public class TemplateException extends Exception {

    private final boolean undefined;

    public TemplateException(String message) {
        this(message, false, null);
    }

    public TemplateException(String message, boolean undefined, Throwable cause) {
        super(message, cause);
        this.undefined = undefined;
    }

    /** True when the failure was caused by an undefined variable or attribute (Ansible reports these specially). */
    public boolean isUndefined() {
        return undefined;
    }
}
