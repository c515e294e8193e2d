package io.drover.modules.services;

import io.drover.modules.commands.ShellText;
import io.drover.modules.files.RemoteScript;
import java.util.Map;

/**
 * The one shell script a systemd task runs on the target. It follows ansible-core 2.14's systemd module step by step,
 * running {@code systemctl} where the module runs it and deciding on the target what the module decides:
 * daemon-reload/daemon-reexec (not in check mode), {@code systemctl show} for the status, how the unit is found
 * ({@code show}'s LoadState, else {@code is-enabled} / {@code list-unit-files}, or an init script), then mask/unmask
 * ({@code is-enabled} says "masked" or not), enable/disable ({@code is-enabled -l}: rc 0 means enabled unless it only
 * says indirect or alias; rc 1 with a SysV script linked into /etc/rc?.d means enabled for the system scope), and
 * the state action (start when ActiveState is not active/activating, stop when it is active, activating or
 * deactivating, restart/reload a running unit and start a stopped one). In check mode it decides the same way and
 * runs nothing that changes the host.
 *
 * <p>Output sections ({@link RemoteScript}): {@code show.*} (rc, out, err of {@code systemctl show}) and {@code parsed} when Ansible
 * would read the status from it ({@code isactive.*} then replaces its ActiveState),
 * {@code plan.mask}, {@code plan.enable}, {@code plan.state} with the verb of each change decided, and at most one
 * ending: a failed command's rc/out/err ({@code reload.*}, {@code reexec.*}, {@code bare.*}, {@code fail.enable.*},
 * {@code fail.state.*}) or a marker ({@code nosystemctl}, {@code loaderror}, {@code missing}, {@code unknown}).
 * {@code initd} and {@code offline} are warnings. Each section's text ends with one extra newline so output
 * without a final newline keeps its exact form.
 *
 * <p>With service-manager detection on (the service module without gathered facts), the script first works out
 * {@code ansible_service_mgr} as Ansible's fact collector does and, unless it is systemd, stops after printing
 * it in section {@code mgr}.
 */
final class SystemdScript {

    private static final String BODY = """
            _dvsrun() { "$_dvctl" $_dvO "$@" >"$_dvout" 2>"$_dverr"; _dvrc=$?; }
            _dvsemit() {
              printf '%s%s\\n%s\\n' "$_dvm" "$1.rc" "$_dvrc"
              printf '%s%s\\n' "$_dvm" "$1.out"; cat "$_dvout"; echo
              printf '%s%s\\n' "$_dvm" "$1.err"; cat "$_dverr"; echo
            }
            _dvssay() { printf '%s%s\\n%s\\n' "$_dvm" "$1" "$2"; }
            _dvstrim() { sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' "$1"; }
            _dvsval() { sed -n "s/^$1=//p" "$_dvout" | sed -n '1{s/^[[:space:]]*//;s/[[:space:]]*$//;p;}'; }
            _dvsignored() { ! grep -q = "$1" && grep -q -e 'ignoring request' -e 'ignoring command' "$1"; }
            _dvsysv() {
              if [ -d /etc/rc0.d/ ]; then set -- /etc/rc?.d/S??"$_dvU"; else set -- /etc/init.d/rc?.d/S??"$_dvU"; fi
              [ -e "$1" ]
            }
            _dvsmgr() {
              _dvp=$(cat /proc/1/comm 2>/dev/null)
              if [ -z "$_dvp" ]; then
                _dvp=$(ps -p 1 -o comm 2>/dev/null | tail -n 1) || _dvp=
                printf '%s\\n' "$_dvp" | grep -q '^ *[0-9][0-9]* ' && _dvp=
                [ "$_dvp" = COMMAND ] && _dvp=
              fi
              if [ -z "$_dvp" ] && [ -L /sbin/init ]; then _dvp=$(readlink /sbin/init); fi
              _dvp=$(printf '%s' "${_dvp##*/}" | sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//')
              case $_dvp in init|*sh) _dvp= ;; esac
              case $_dvp in
                procd) echo openwrt_init; return ;; runit-init) echo runit; return ;;
                svscan) echo svc; return ;; openrc-init) echo openrc; return ;;
                ?*) echo "$_dvp"; return ;;
              esac
              _dvx=$(PATH="$PATH:/sbin:/usr/sbin:/usr/local/sbin"; command -v systemctl)
              if [ -n "$_dvx" ] && { [ -e /run/systemd/system/ ] || [ -e /dev/.run/systemd/ ] || [ -e /dev/.systemd/ ]; }; then
                echo systemd
              elif (PATH="$PATH:/sbin:/usr/sbin:/usr/local/sbin"; command -v initctl >/dev/null) && [ -e /etc/init/ ]; then
                echo upstart
              elif [ -e /sbin/openrc ]; then echo openrc
              elif [ -n "$_dvx" ] && [ -L /sbin/init ] && [ "$(basename "$(readlink /sbin/init)")" = systemd ]; then
                echo systemd
              elif [ -e /etc/init.d/ ]; then echo sysvinit
              else echo service
              fi
            }
            if [ "$_dvD" = 1 ]; then
              _dvmg=$(_dvsmgr); _dvssay mgr "$_dvmg"
              [ "$_dvmg" = systemd ] || exit 0
            fi
            _dvctl=$(PATH="$PATH:/sbin:/usr/sbin:/usr/local/sbin"; command -v systemctl)
            if [ -z "$_dvctl" ]; then
              _dvx=$PATH
              for _dvd in /sbin /usr/sbin /usr/local/sbin; do
                case ":$PATH:" in *":$_dvd:"*) ;; *) [ -e "$_dvd" ] && _dvx="$_dvx:$_dvd" ;; esac
              done
              _dvssay nosystemctl "$_dvx"; exit 0
            fi
            [ -n "${XDG_RUNTIME_DIR+x}" ] || { XDG_RUNTIME_DIR=/run/user/$(id -u); export XDG_RUNTIME_DIR; }
            _dvout=$(mktemp) && _dverr=$(mktemp) || exit 1
            trap 'rm -f "$_dvout" "$_dverr"' EXIT
            if [ "$_dvR" = 1 ] && [ "$_dvC" = 0 ]; then
              _dvsrun daemon-reload; [ $_dvrc = 0 ] || { _dvsemit reload; exit 0; }
            fi
            if [ "$_dvX" = 1 ] && [ "$_dvC" = 0 ]; then
              _dvsrun daemon-reexec; [ $_dvrc = 0 ] || { _dvsemit reexec; exit 0; }
            fi
            [ -n "$_dvU" ] || exit 0
            case $_dvU in /*) _dvI=$_dvU ;; *) _dvI=/etc/init.d/$_dvU ;; esac
            _dvinit=0; [ -e "$_dvI" ] && _dvinit=1
            _dvsys=0; _dvhasA=0; _dvA=
            _dvsrun show "$_dvU"; _dvsemit show
            if [ $_dvrc = 0 ] && ! _dvsignored "$_dvout" && ! _dvsignored "$_dverr"; then
              if [ -s "$_dvout" ]; then
                _dvssay parsed ''
                _dvL=$(_dvsval LoadState)
                grep -q '^LoadState=' "$_dvout" && [ "$_dvL" != not-found ] && _dvsys=1
                if [ $_dvsys = 1 ] && [ "$_dvL" != masked ] && grep -q '^LoadError=' "$_dvout"; then
                  _dvssay loaderror ''; exit 0
                fi
                grep -q '^ActiveState=' "$_dvout" && { _dvhasA=1; _dvA=$(_dvsval ActiveState); }
              fi
            elif [ $_dvrc = 1 ] && grep -q 'Failed to parse bus message' "$_dverr"; then
              _dvB=${_dvU%%@*}; case $_dvU in *@*) _dvB="$_dvB@" ;; esac
              _dvsrun list-unit-files "$_dvB*"; grep -qF -e "$_dvB" "$_dvout" && _dvsys=1
              _dvssay parsed ''
              _dvsrun is-active "$_dvU"; _dvsemit isactive; _dvhasA=1; _dvA=$(cat "$_dvout")
            else
              _dvsrun is-enabled "$_dvU"
              case $(_dvstrim "$_dvout") in
                enabled|enabled-runtime|linked|linked-runtime|masked|masked-runtime|static|indirect|disabled|generated|transient)
                  _dvsys=1 ;;
                *)
                  _dvsrun list-unit-files "$_dvU"
                  if [ $_dvrc = 0 ]; then _dvsys=1; else _dvsrun; [ $_dvrc = 0 ] || { _dvsemit bare; exit 0; }; fi ;;
              esac
            fi
            _dvfound=0; { [ $_dvsys = 1 ] || [ $_dvinit = 1 ]; } && _dvfound=1
            [ $_dvinit = 1 ] && [ $_dvsys = 0 ] && _dvssay initd ''
            if [ -n "$_dvK" ]; then
              _dvsrun is-enabled "$_dvU"; _dvnow=false; [ "$(_dvstrim "$_dvout")" = masked ] && _dvnow=true
              if [ "$_dvnow" != "$_dvK" ]; then
                if [ "$_dvK" = true ]; then _dvv=mask; else _dvv=unmask; fi
                _dvssay plan.mask "$_dvv"
                if [ "$_dvC" = 0 ]; then
                  _dvsrun "$_dvv" "$_dvU"
                  [ $_dvrc = 0 ] || [ $_dvfound = 1 ] || { _dvssay missing ''; exit 0; }
                fi
              fi
            fi
            if [ -n "$_dvE" ]; then
              [ $_dvfound = 1 ] || { _dvssay missing ''; exit 0; }
              _dvsrun is-enabled "$_dvU" -l; _dvnow=false
              if [ $_dvrc = 0 ]; then
                case $(cat "$_dvout") in indirect|alias) ;; *) _dvnow=true ;; esac
              elif [ $_dvrc = 1 ] && [ "$_dvSC" = system ] && [ $_dvinit = 1 ]; then
                case $(_dvstrim "$_dvout") in *disabled) ;; *) _dvsysv && _dvnow=true ;; esac
              fi
              if [ "$_dvnow" != "$_dvE" ]; then
                if [ "$_dvE" = true ]; then _dvv=enable; else _dvv=disable; fi
                _dvssay plan.enable "$_dvv"
                if [ "$_dvC" = 0 ]; then
                  _dvsrun "$_dvv" "$_dvU"; [ $_dvrc = 0 ] || { _dvsemit fail.enable; exit 0; }
                fi
              fi
            fi
            if [ -n "$_dvS" ]; then
              [ $_dvfound = 1 ] || { _dvssay missing ''; exit 0; }
              if [ $_dvhasA = 1 ]; then
                _dvv=
                case $_dvS in
                  started) case $_dvA in active|activating) ;; *) _dvv=start ;; esac ;;
                  stopped) case $_dvA in active|activating|deactivating) _dvv=stop ;; esac ;;
                  *) case $_dvA in active|activating) _dvv=${_dvS%ed} ;; *) _dvv=start ;; esac ;;
                esac
                if [ -n "$_dvv" ]; then
                  _dvssay plan.state "$_dvv"
                  if [ "$_dvC" = 0 ]; then
                    _dvsrun "$_dvv" "$_dvU"; [ $_dvrc = 0 ] || { _dvsemit fail.state; exit 0; }
                  fi
                fi
              elif [ -n "${debian_chroot-}" ] || [ "${SYSTEMD_OFFLINE-}" = 1 ] \\
                  || { _dvr=$(stat -c %d:%i / 2>/dev/null) && _dvq=$(stat -c %d:%i /proc/1/root/. 2>/dev/null) \\
                       && [ "$_dvr" != "$_dvq" ]; }; then
                _dvssay offline ''
              else
                _dvssay unknown ''
              fi
            fi
            """;

    private final RemoteScript script = new RemoteScript();

    SystemdScript(SystemdRequest request, boolean checkMode, boolean detectServiceManager) {
        script.line("_dvU=" + quoted(request.unit()))
                .line("_dvO=" + quoted(request.systemctlOptions()))
                .line("_dvS=" + quoted(request.state()))
                .line("_dvE=" + quoted(request.enabled() == null ? null : request.enabled().toString()))
                .line("_dvK=" + quoted(request.masked() == null ? null : request.masked().toString()))
                .line("_dvR=" + (request.daemonReload() ? 1 : 0))
                .line("_dvX=" + (request.daemonReexec() ? 1 : 0))
                .line("_dvSC=" + quoted(request.scope()))
                .line("_dvC=" + (checkMode ? 1 : 0))
                .line("_dvD=" + (detectServiceManager ? 1 : 0))
                .line(BODY);
    }

    private static String quoted(String value) {
        return value == null ? "''" : ShellText.quote(value);
    }

    String text() {
        return script.text();
    }

    /** Sections by name, each with the extra newline the script adds taken off. */
    Map<String, String> sections(String stdout) {
        Map<String, String> raw = script.sections(stdout);
        raw.replaceAll((name, text) -> text.endsWith("\n") ? text.substring(0, text.length() - 1) : text);
        return raw;
    }
}
