package io.drover.module;

/** Module arguments that do not fit the module's {@link ArgSpec}; the message is Ansible's wording. */
public class ArgumentException extends Exception {
    public ArgumentException(String message) {
        super(message);
    }
}
