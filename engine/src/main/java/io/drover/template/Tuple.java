package io.drover.template;

import java.util.ArrayList;
import java.util.Collection;

/**
 * A Python tuple produced by a filter ({@code zip}, {@code splitext}, {@code dict.items()}): a list that prints with
 * parentheses, which matters because Ansible does not turn {@code ('a', 'b')} text back into data.
 */
final class Tuple extends ArrayList<Object> {
    private static final long serialVersionUID = 1L;

    Tuple(Collection<?> items) {
        super(items);
    }

    static Tuple of(Object... items) {
        return new Tuple(java.util.Arrays.asList(items));
    }
}
