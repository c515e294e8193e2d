package io.drover.playbook;

/** {@code loop_control}: raw values, templated per host. {@code label} may be null (item repr is printed). */
public record LoopControl(String loopVar, String indexVar, Object label, Object pause, boolean extended) {
    public static final LoopControl DEFAULT = new LoopControl("item", null, null, null, false);
}
