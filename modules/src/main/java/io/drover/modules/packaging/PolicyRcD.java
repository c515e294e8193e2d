package io.drover.modules.packaging;

import java.util.Map;

/**
 * {@code policy_rc_d}: while apt-get runs, {@code /usr/sbin/policy-rc.d} exits with the given code (101 keeps
 * package scripts from starting services); a policy file already there is moved aside and put back afterwards,
 * as Ansible's apt module does.
 */
final class PolicyRcD {

    static final String PATH = "/usr/sbin/policy-rc.d";

    private PolicyRcD() {
    }

    /** Shell text running {@code command} under the policy; unchanged when {@code code} is null. */
    static String wrap(Long code, String command) {
        if (code == null) {
            return command;
        }
        return String.join("\n",
                "_dvpold=",
                "if [ -e " + PATH + " ]; then",
                "  _dvpold=$(mktemp -d) && mv " + PATH + " \"$_dvpold/\" \\",
                "    || { _dvsec policy-failed; echo \"Fail to move " + PATH + " to $_dvpold\"; exit 0; }",
                "fi",
                "{ printf '#!/bin/sh\\nexit %d\\n' " + code + " >" + PATH + " && chmod 0755 " + PATH + "; } \\",
                "  || { _dvsec policy-failed; echo 'Failed to create or chmod " + PATH + "'; exit 0; }",
                command,
                "if [ -n \"$_dvpold\" ]; then",
                "  mv \"$_dvpold/policy-rc.d\" " + PATH + " && rmdir \"$_dvpold\" \\",
                "    || { _dvsec policy-failed; echo \"Fail to move back $_dvpold/policy-rc.d to " + PATH + "\"; exit 0; }",
                "else",
                "  rm -f " + PATH + " || { _dvsec policy-failed; echo 'Fail to remove " + PATH
                        + " (after package manipulation)'; exit 0; }",
                "fi");
    }

    /** The message of a policy step that failed (the command's own sections are missing then). */
    static String failure(Map<String, String> sections) {
        String msg = sections.get("policy-failed");
        return msg == null ? "apt-get did not run on the target" : msg.strip();
    }
}
