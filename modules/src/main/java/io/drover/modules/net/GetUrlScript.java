package io.drover.modules.net;

import io.drover.modules.commands.ShellText;
import io.drover.modules.files.AtomicWriter;
import io.drover.modules.files.FileAttrs;
import io.drover.modules.files.RemoteScript;

/**
 * The one script that performs a {@code get_url} task on the target, reporting in sections:
 * <ul>
 * <li>{@code dest0} the expanded dest; {@code exists} (with {@code state}, {@code umask} and owner/group ids) when
 * dest already has the checksum's digest, and the script stops there without a request;</li>
 * <li>{@code tmp}, {@code fetch} (client, exit status, seconds, final URL), {@code hdr} (header dump),
 * {@code ferr} (client errors); then {@code neterr}, {@code notmod} or {@code httperr} with dest's
 * {@code state} when the request gave no content;</li>
 * <li>{@code dest} (final path, named from the response for a directory), {@code csrc}/{@code cdst} (SHA-1 of
 * download and dest), {@code checked} in check mode, {@code sumfail} (actual digest) on a checksum mismatch,
 * {@code fail} with Ansible's message on any other failure;</li>
 * <li>{@code changed}, {@code backup}, {@code attrs} (1 when owner/group/mode changed), {@code md5} and
 * {@code final} (dest's state) after a completed run.</li>
 * </ul>
 */
record GetUrlScript(String url, String dest, String tmpDest, String algorithm, String checksum, boolean force,
                    boolean checkMode, boolean backup, FileAttrs attrs, Fetcher fetcher) {

    /** Shell helpers every get_url script needs: failure exit, digest, last status code, temp cleanup. */
    private static void prelude(RemoteScript s, Fetcher fetcher) {
        s.line("_dvt=; _dvt2=; _dvh=")
                .line("trap 'rm -f \"$_dvt\" \"$_dvt2\"; [ -n \"$_dvh\" ] && rm -f \"$_dvh\" \"$_dvh.e\"' EXIT")
                .line("_dvfail() { " + RemoteScript.sectionCommand("fail") + "; printf '%s\\n' \"$1\"; exit 0; }")
                .line("_dvdg() { _dvx=$( { \"$1\"sum < \"$2\" || openssl dgst -\"$1\" -r < \"$2\"; } 2>/dev/null) "
                        + "&& printf '%s\\n' \"${_dvx%% *}\"; }")
                .line("_dvcode() { tr -d '\\r' < \"$_dvh\" | awk '/^HTTP\\//{c=$2} END{print c}'; }")
                .line(fetcher.shellFunction())
                .line("_dvh=$(mktemp) || _dvfail 'failed to create temporary content file'");
    }

    /**
     * Requests {@code urlExpr} into {@code "$_dvt"} with {@code method} and reports the request; stops the script
     * (after dest's state) when there is no content to use.
     */
    private static void request(RemoteScript s, String method, boolean checkMode) {
        s.line("_dvs0=$(date +%s)")
                .line("_dvget " + method + " \"$_dvu\" \"$_dvt\"");
        if (checkMode) {
            // urllib turns a redirected HEAD into a GET, so Ansible's check mode downloads redirected URLs.
            s.line("[ \"$_dvbk\" != python3 ] && case $(_dvcode) in 301|302|303|307|308) "
                    + "_dvget GET \"$_dvu\" \"$_dvt\";; esac");
        }
        s.section("fetch").line("printf '%s\\n%s\\n%s\\n%s\\n' \"$_dvbk\" \"$_dvrc\" \"$(( $(date +%s) - _dvs0 ))\" \"$_dveff\"")
                .section("hdr").line("cat \"$_dvh\"; echo")
                .section("ferr").line("cat \"$_dvh.e\"; echo")
                .line("_dvc=$(_dvcode)")
                .line("if [ -z \"$_dvc\" ] && [ \"$_dvrc\" != 0 ]; then " + RemoteScript.sectionCommand("neterr")
                        + "; _dvend; fi")
                .line("case $_dvc in 304) " + RemoteScript.sectionCommand("notmod") + "; _dvend;; 200|'') ;; "
                        + "*) case $_dvu in file:/*) ;; *) " + RemoteScript.sectionCommand("httperr") + "; _dvend;; esac;; esac");
    }

    /** Fetches a checksum file; its text is section {@code content}. */
    static void checksumFile(RemoteScript s, Fetcher fetcher, String checksumUrl, boolean force) {
        prelude(s, fetcher);
        s.line("_dvu=" + ShellText.quote(checksumUrl))
                .line("_dvims=; _dvnc=" + (force ? "1" : ""))
                .line("_dvend() { exit 0; }")
                .line("_dvt=$(mktemp) || _dvfail 'failed to create temporary content file'");
        request(s, "GET", false);
        s.section("content").line("cat \"$_dvt\"");
    }

    void build(RemoteScript s) {
        prelude(s, fetcher);
        s.line("_dvu=" + ShellText.quote(url))
                .line("_dvd=" + ShellText.expandingWord(dest))
                .section("dest0").line("printf '%s\\n' \"$_dvd\"")
                .line("_dvend() { [ -e \"$_dvd\" ] && { " + RemoteScript.sectionCommand("state")
                        + "; _dvst \"$_dvd\" 0 ''; }; exit 0; }")
                .line("_dvdir=0; [ -d \"$_dvd\" ] && _dvdir=1")
                .line("_dvims=; _dvnc=" + (force ? "1" : ""));
        s.line("if [ $_dvdir = 0 ] && [ -e \"$_dvd\" ]; then");
        if (!checksum.isEmpty() && !force) {
            s.line("if [ \"$(_dvdg " + algorithm + " \"$_dvd\")\" = " + ShellText.quote(checksum) + " ]; then")
                    .section("exists").stat("state", "\"$_dvd\"", false, null)
                    .section("umask").line("umask");
            attrs.lookups(s);
            s.line("exit 0; fi")
                    .line("_dvnc=1");
        }
        s.line("[ -z \"$_dvnc\" ] && _dvims=$(LC_ALL=C date -u -r \"$_dvd\" '+%a, %d %b %Y %H:%M:%S GMT')")
                .line("fi");
        if (tmpDest != null && !tmpDest.isEmpty()) {
            s.line("_dvtd=" + ShellText.expandingWord(tmpDest))
                    .line("[ -d \"$_dvtd\" ] || { [ -e \"$_dvtd\" ] && _dvfail \"$_dvtd is a file but should be a directory.\"; "
                            + "_dvfail \"$_dvtd directory does not exist.\"; }");
        } else if (checkMode) {
            s.line("_dvtd=${TMPDIR:-/tmp}");
        } else {
            s.line("if [ $_dvdir = 1 ]; then _dvtd=$_dvd; else _dvtd=$(dirname \"$_dvd\"); fi");
        }
        // Without a usable dest directory the download still happens, and fails afterwards as Ansible's does.
        s.line("{ [ -d \"$_dvtd\" ] && [ -w \"$_dvtd\" ]; } || _dvtd=${TMPDIR:-/tmp}")
                .line("_dvtd=${_dvtd%/}; [ -n \"$_dvtd\" ] || _dvtd=/")
                .line("_dvt=$(mktemp \"$_dvtd/.drover.XXXXXX\" 2>&1) || "
                        + "{ _dve=$_dvt; _dvt=; _dvfail \"failed to create temporary content file: $_dve\"; }")
                .section("tmp").line("printf '%s\\n' \"$_dvt\"");
        request(s, checkMode ? "HEAD" : "GET", checkMode);
        s.line("if [ $_dvdir = 1 ]; then")
                .line("_dvfn=$(tr -d '\\r' < \"$_dvh\" | awk '/^HTTP\\//{v=\"\"} tolower($0) ~ /^content-disposition:/ "
                        + "{sub(/^[^:]*:[ \\t]*/, \"\"); v=$0} END{printf \"%s\", v}' "
                        + "| sed -n 's/^attachment; \\{0,1\\}filename=\"\\{0,1\\}\\([^\"][^\"]*\\).*/\\1/p')")
                .line("_dvfn=${_dvfn##*/}")
                .line("if [ -z \"$_dvfn\" ]; then _dvfn=${_dveff%%#*}; _dvfn=${_dvfn%%\\?*}; case $_dvfn in *://*) "
                        + "_dvfn=${_dvfn#*://}; case $_dvfn in */*) _dvfn=${_dvfn##*/};; *) _dvfn=;; esac;; "
                        + "*) _dvfn=${_dvfn##*/};; esac; [ -n \"$_dvfn\" ] || _dvfn=index.html; fi")
                .line("case $_dvd in */) _dvd=$_dvd$_dvfn;; *) _dvd=$_dvd/$_dvfn;; esac")
                .line("fi")
                .section("dest").line("printf '%s\\n' \"$_dvd\"")
                .line("[ -r \"$_dvt\" ] || _dvfail \"Source $_dvt is not readable\"")
                .line("_dvcs=$(_dvdg sha1 \"$_dvt\")")
                .section("csrc").line("printf '%s\\n' \"$_dvcs\"")
                .line("_dvcd=")
                .line("if [ -e \"$_dvd\" ]; then")
                .line("[ -w \"$_dvd\" ] || _dvfail \"Destination $_dvd is not writable\"")
                .line("[ -r \"$_dvd\" ] || _dvfail \"Destination $_dvd is not readable\"")
                .line("_dvcd=$(_dvdg sha1 \"$_dvd\")")
                .section("cdst").line("printf '%s\\n' \"$_dvcd\"")
                .line("else _dvp=$(dirname \"$_dvd\")")
                .line("[ -e \"$_dvp\" ] || _dvfail \"Destination $_dvp does not exist\"")
                .line("[ -w \"$_dvp\" ] || _dvfail \"Destination $_dvp is not writable\"")
                .line("fi");
        if (checkMode) {
            s.section("checked").line("_dvend");
            return;
        }
        String verify = checksum.isEmpty() ? ""
                : "_dvx=$(_dvdg " + algorithm + " \"$1\"); [ \"$_dvx\" = " + ShellText.quote(checksum) + " ] || { "
                + RemoteScript.sectionCommand("sumfail") + "; printf '%s\\n' \"$_dvx\"; _dvend; }; ";
        s.line("_dvverify() { " + verify + ":; }")
                .line("_dvch=0")
                .line("if [ \"$_dvcs\" != \"$_dvcd\" ]; then")
                .line("_dvverify \"$_dvt\"")
                // The rename must stay within one filesystem: move a download made elsewhere next to dest first.
                .line("if [ \"$_dvtd\" != \"$(dirname \"$_dvd\")\" ]; then "
                        + "_dvt2=$(mktemp \"$(dirname \"$_dvd\")/.drover.XXXXXX\" 2>&1) || _dvfail \"failed to copy $_dvt to $_dvd: $_dvt2\"; "
                        + "_dve=$(cp \"$_dvt\" \"$_dvt2\" 2>&1) || _dvfail \"failed to copy $_dvt to $_dvd: $_dve\"; "
                        + "rm -f \"$_dvt\"; _dvt=$_dvt2; _dvt2=; fi")
                .line("if [ -e \"$_dvd\" ]; then chmod \"$(stat -L -c %a \"$_dvd\")\" \"$_dvt\"; "
                        + "chown \"$(stat -L -c %u:%g \"$_dvd\")\" \"$_dvt\" 2>/dev/null; "
                        + "else chmod \"$(printf '%o' $(( 0666 & ~0$(umask) )))\" \"$_dvt\"; fi");
        if (backup) {
            s.line(AtomicWriter.backupCommand("backup"));
        }
        s.line("_dve=$(mv -f \"$_dvt\" \"$_dvd\" 2>&1) || _dvfail \"failed to copy $_dvt to $_dvd: $_dve\"")
                .line("_dvt=; _dvch=1")
                .line("else _dvverify \"$_dvd\"; fi")
                .section("changed").line("echo $_dvch");
        attributes(s);
        s.section("md5").line("_dvdg md5 \"$_dvd\"")
                .stat("final", "\"$_dvd\"", false, null);
    }

    /** Applies owner, group and mode to {@code "$_dvd"}; section {@code attrs} says whether any changed. */
    private void attributes(RemoteScript s) {
        if (attrs.isEmpty()) {
            return;
        }
        s.line("_dva0=$(stat -c %u:%g:%a \"$_dvd\")");
        if (attrs.owner() != null) {
            String o = ShellText.quote(attrs.owner());
            s.line("_dvx=" + (attrs.owner().matches("\\d+") ? o : "$(id -u " + o + " 2>/dev/null)")
                    + "; [ -n \"$_dvx\" ] || _dvfail " + ShellText.quote("chown failed: failed to look up user " + attrs.owner()))
                    .line("[ \"$(stat -c %u \"$_dvd\")\" = \"$_dvx\" ] || { _dve=$(chown \"$_dvx\" \"$_dvd\" 2>&1) "
                            + "|| _dvfail \"chown failed: $_dve\"; }");
        }
        if (attrs.group() != null) {
            String g = ShellText.quote(attrs.group());
            s.line("_dvx=" + (attrs.group().matches("\\d+") ? g : "$({ getent group " + g + " || grep \"^\"" + g
                            + "\":\" /etc/group; } 2>/dev/null | head -n 1 | cut -d: -f3)")
                            + "; [ -n \"$_dvx\" ] || _dvfail " + ShellText.quote("chgrp failed: failed to look up group " + attrs.group()))
                    .line("[ \"$(stat -c %g \"$_dvd\")\" = \"$_dvx\" ] || { _dve=$(chgrp \"$_dvx\" \"$_dvd\" 2>&1) "
                            + "|| _dvfail \"chgrp failed: $_dve\"; }");
        }
        if (attrs.mode() != null) {
            Integer octal = attrs.mode().octal();
            String m = octal != null ? Integer.toOctalString(octal & 07777) : ShellText.quote(attrs.mode().symbolic());
            String change = "_dve=$(chmod " + m + " \"$_dvd\" 2>&1) || _dvfail \"chmod failed: $_dve\"";
            s.line(octal != null ? "[ \"$(stat -c %a \"$_dvd\")\" = " + m + " ] || { " + change + "; }" : change);
        }
        s.section("attrs").line("[ \"$(stat -c %u:%g:%a \"$_dvd\")\" = \"$_dva0\" ] && echo 0 || echo 1");
    }
}
