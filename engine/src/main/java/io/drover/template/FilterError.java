package io.drover.template;

/** A filter, test or lookup rejected its input; the message is shown to users as it is. */
final class FilterError extends RuntimeException {
    FilterError(String message) {
        super(message, null, false, false);
    }

    FilterError(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
