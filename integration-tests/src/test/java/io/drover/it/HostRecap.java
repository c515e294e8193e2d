package io.drover.it;

/** One host's line of the PLAY RECAP: {@code h1 : ok=2 changed=1 unreachable=0 failed=0 ...}. */
public record HostRecap(int ok, int changed, int unreachable, int failed, int skipped, int rescued, int ignored) {}
