package io.drover.playbook;

/**
 * How a task loops. {@code lookup} is {@code null} for {@code loop:} (items used as they are) and the lookup
 * name for {@code with_<lookup>:} ({@code items} flattens one level, {@code dict} yields key/value pairs, ...).
 */
public record Loop(String lookup, Object items, LoopControl control) {
    public Loop {
        if (control == null) {
            control = LoopControl.DEFAULT;
        }
    }
}
