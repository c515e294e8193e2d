package io.drover.template;

/**
 * Stand-in for a variable or attribute that does not exist (Jinja's StrictUndefined as Ansible chains it): any
 * attribute of it is undefined again, {@code default} and {@code is defined} accept it, every other use fails with
 * {@link #message()}.
 */
final class Undefined {

    private final String message;

    Undefined(String message) {
        this.message = message;
    }

    static Undefined variable(String name) {
        return new Undefined("'" + name + "' is undefined");
    }

    static Undefined attribute(Object container, Object name) {
        return new Undefined("'" + Values.typeName(container) + " object' has no attribute '" + name + "'");
    }

    String message() {
        return message;
    }

    /** Called by Java code that needs the text of the value: that is a use, so it fails. */
    @Override
    public String toString() {
        throw new UndefinedUse(message);
    }

    /** Thrown where an undefined value is used; carries Ansible's message. */
    static final class UndefinedUse extends RuntimeException {
        UndefinedUse(String message) {
            super(message, null, false, false);
        }
    }
}
