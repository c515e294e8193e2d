package io.drover.connection.openssh;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The options obtained so far for one host: the first value of an option wins, except for the options ssh collects
 * (IdentityFile, CertificateFile, forwardings, SendEnv). ProxyJump and ProxyCommand exclude each other: whichever
 * comes first wins (though {@code ProxyJump none} leaves room for a later ProxyCommand, as in ssh). Mutable while one host is resolved, then only read.
 */
public final class OptionSet {

    private static final Set<String> COLLECTED = Set.of("identityfile", "certificatefile", "localforward",
            "remoteforward", "dynamicforward", "sendenv", "setenv");
    private static final Set<String> DEDUPLICATED = Set.of("identityfile", "certificatefile");
    /** Old names ssh still accepts. */
    private static final Map<String, String> ALIASES = Map.of(
            "challengeresponseauthentication", "kbdinteractiveauthentication",
            "dsaauthentication", "pubkeyauthentication",
            "hostbasedkeytypes", "hostbasedacceptedalgorithms",
            "pubkeyacceptedkeytypes", "pubkeyacceptedalgorithms");

    private final Map<String, List<SshOption>> values = new LinkedHashMap<>();

    void offer(SshOption option) {
        String key = ALIASES.getOrDefault(option.keyword(), option.keyword());
        if (!key.equals(option.keyword())) {
            option = new SshOption(key, option.value(), option.origin());
        }
        if (COLLECTED.contains(key)) {
            List<SshOption> list = values.computeIfAbsent(key, k -> new ArrayList<>());
            String v = option.value().strip();
            // ssh registers an identity or certificate file once, however often it is named
            boolean duplicate = DEDUPLICATED.contains(key) && list.stream().anyMatch(o -> o.value().strip().equals(v));
            if (!duplicate) {
                list.add(option);
            }
            return;
        }
        if (values.containsKey(key)
                || (key.equals("proxycommand") && values.containsKey("proxyjump")
                    && !isNone(values.get("proxyjump").get(0)))
                || (key.equals("proxyjump") && values.containsKey("proxycommand"))) {
            return;
        }
        values.put(key, List.of(option));
    }

    private static boolean isNone(SshOption o) {
        try {
            return o.words().equals(List.of("none"));
        } catch (SshConfigException e) {
            return false;
        }
    }

    /** The winning option, or null. */
    public SshOption get(String keyword) {
        List<SshOption> v = values.get(keyword);
        return v == null ? null : v.get(0);
    }

    /** Every value of a collected option (or the single winner), in the order obtained. */
    public List<SshOption> all(String keyword) {
        return Collections.unmodifiableList(values.getOrDefault(keyword, List.of()));
    }

    /** The first word of the winning option, or null. */
    public String first(String keyword) throws SshConfigException {
        SshOption o = get(keyword);
        if (o == null) {
            return null;
        }
        List<String> words = o.words();
        if (words.isEmpty()) {
            throw new SshConfigException(o.origin() + ": no argument after keyword \"" + keyword + "\"");
        }
        return words.get(0);
    }

    /** Keywords obtained, in the order first seen. */
    public Set<String> keywords() {
        return Collections.unmodifiableSet(values.keySet());
    }
}
