package io.drover.modules.facts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Turns the output of {@code facts.sh} into Ansible's fact names and value shapes. */
final class FactsParser {

    private FactsParser() {
    }

    static Map<String, Object> parse(String output) {
        Map<String, String> kv = new LinkedHashMap<>();
        Map<String, List<String>> sections = new LinkedHashMap<>();
        List<String> current = null;
        for (String line : output.split("\n", -1)) {
            if (line.startsWith("@@")) {
                current = new ArrayList<>();
                sections.put(line.substring(2).strip(), current);
            } else if (current != null) {
                current.add(line);
            } else {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    kv.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        }
        Map<String, Object> f = new TreeMap<>();
        String hostname = kv.getOrDefault("hostname", "");
        int dot = hostname.indexOf('.');
        f.put("hostname", dot > 0 ? hostname.substring(0, dot) : hostname);
        String fqdn = kv.getOrDefault("fqdn", hostname);
        f.put("fqdn", fqdn);
        f.put("nodename", kv.getOrDefault("nodename", hostname));
        int fdot = fqdn.indexOf('.');
        f.put("domain", fdot > 0 ? fqdn.substring(fdot + 1) : "");
        f.put("system", kv.getOrDefault("system", "Linux"));
        f.put("kernel", kv.getOrDefault("kernel", ""));
        f.put("kernel_version", kv.getOrDefault("kernel_version", ""));
        String arch = kv.getOrDefault("architecture", "");
        f.put("architecture", arch);
        f.put("machine", arch);
        f.put("user_id", kv.getOrDefault("user_id", ""));
        f.put("user_uid", asLong(kv.get("user_uid")));
        f.put("user_gid", asLong(kv.get("user_gid")));
        f.put("user_dir", kv.getOrDefault("user_dir", ""));
        f.put("user_shell", kv.getOrDefault("user_shell", ""));
        long vcpus = asLong(kv.get("nproc"));
        f.put("processor_vcpus", vcpus);
        long sockets = Math.max(1, asLong(kv.get("cpu_sockets")));
        long cores = Math.max(1, asLong(kv.getOrDefault("cpu_cores", "1").strip()));
        f.put("processor_count", sockets);
        f.put("processor_cores", cores);
        f.put("processor_threads_per_core", Math.max(1, vcpus / Math.max(1, sockets * cores)));
        f.put("processor_nproc", vcpus);
        f.put("memtotal_mb", asLong(kv.get("memtotal_kb")) / 1024);
        f.put("memfree_mb", asLong(kv.get("memfree_kb")) / 1024);
        f.put("swaptotal_mb", asLong(kv.get("swaptotal_kb")) / 1024);
        f.put("swapfree_mb", asLong(kv.get("swapfree_kb")) / 1024);
        f.put("pkg_mgr", pkgMgr(kv.get("pkg_mgr_bin")));
        f.put("service_mgr", kv.containsKey("service_mgr") ? kv.get("service_mgr") : initName(kv.get("init_comm")));
        osRelease(f, sections.getOrDefault("os-release", List.of()));
        python(f, kv);
        dateTime(f, kv.get("date"), kv.get("utc"));
        network(f, sections.getOrDefault("route", List.of()), sections.getOrDefault("addr", List.of()));
        Map<String, Object> env = new TreeMap<>();
        for (String line : sections.getOrDefault("env", List.of())) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        f.put("env", env);
        f.put("gather_subset", List.of("all"));
        f.put("module_setup", true);
        return f;
    }

    private static String pkgMgr(String bin) {
        if (bin == null) {
            return "unknown";
        }
        return bin.equals("apt-get") ? "apt" : bin;
    }

    private static String initName(String comm) {
        if (comm == null || comm.isBlank()) {
            return "service";
        }
        String c = comm.strip();
        return switch (c) {
            case "systemd" -> "systemd";
            case "init" -> "sysvinit";
            case "openrc-init" -> "openrc";
            default -> c;
        };
    }

    private static void osRelease(Map<String, Object> f, List<String> lines) {
        Map<String, String> os = new LinkedHashMap<>();
        for (String line : lines) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                String v = line.substring(eq + 1).strip();
                if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
                    v = v.substring(1, v.length() - 1);
                }
                os.put(line.substring(0, eq).strip(), v);
            }
        }
        String id = os.getOrDefault("ID", "").toLowerCase(Locale.ROOT);
        String name = switch (id) {
            case "debian" -> "Debian";
            case "ubuntu" -> "Ubuntu";
            case "centos" -> "CentOS";
            case "rhel" -> "RedHat";
            case "fedora" -> "Fedora";
            case "rocky" -> "Rocky";
            case "almalinux" -> "AlmaLinux";
            case "alpine" -> "Alpine";
            case "arch" -> "Archlinux";
            case "opensuse-leap", "opensuse-tumbleweed", "sles" -> "openSUSE Leap";
            default -> id.isEmpty() ? "NA" : Character.toUpperCase(id.charAt(0)) + id.substring(1);
        };
        f.put("distribution", name);
        String version = os.getOrDefault("VERSION_ID", "NA");
        f.put("distribution_version", version);
        f.put("distribution_major_version", version.contains(".") ? version.substring(0, version.indexOf('.')) : version);
        f.put("distribution_release", os.getOrDefault("VERSION_CODENAME", "NA"));
        String like = os.getOrDefault("ID_LIKE", "").toLowerCase(Locale.ROOT);
        String family;
        if (id.equals("debian") || id.equals("ubuntu") || like.contains("debian")) {
            family = "Debian";
        } else if (id.equals("rhel") || id.equals("centos") || id.equals("fedora") || id.equals("rocky")
                || id.equals("almalinux") || like.contains("rhel") || like.contains("fedora")) {
            family = "RedHat";
        } else if (id.startsWith("opensuse") || id.equals("sles") || like.contains("suse")) {
            family = "Suse";
        } else if (id.equals("arch")) {
            family = "Archlinux";
        } else if (id.equals("alpine")) {
            family = "Alpine";
        } else {
            family = name;
        }
        f.put("os_family", family);
    }

    private static void python(Map<String, Object> f, Map<String, String> kv) {
        String version = kv.get("python_version");
        if (version == null || version.isBlank()) {
            return;
        }
        f.put("python_version", version);
        String[] parts = version.split("\\.");
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("major", parts.length > 0 ? asLong(parts[0]) : 0L);
        v.put("minor", parts.length > 1 ? asLong(parts[1]) : 0L);
        v.put("micro", parts.length > 2 ? asLong(parts[2]) : 0L);
        v.put("releaselevel", "final");
        v.put("serial", 0L);
        Map<String, Object> py = new LinkedHashMap<>();
        py.put("executable", kv.get("python_executable"));
        py.put("type", "cpython");
        py.put("version", v);
        py.put("version_info", List.of(v.get("major"), v.get("minor"), v.get("micro"), "final", 0L));
        f.put("python", py);
    }

    private static void dateTime(Map<String, Object> f, String local, String utc) {
        if (local == null) {
            return;
        }
        String[] p = local.split("\\|", -1);
        if (p.length < 14) {
            return;
        }
        Map<String, Object> d = new TreeMap<>();
        d.put("year", p[0]);
        d.put("month", p[1]);
        d.put("day", p[2]);
        d.put("hour", p[3]);
        d.put("minute", p[4]);
        d.put("second", p[5]);
        d.put("epoch", p[6]);
        d.put("epoch_int", p[6]);
        d.put("tz", p[7]);
        d.put("tz_offset", p[8]);
        d.put("weekday", p[9]);
        d.put("weekday_number", p[10]);
        d.put("weeknumber", p[11]);
        d.put("date", p[0] + "-" + p[1] + "-" + p[2]);
        d.put("time", p[3] + ":" + p[4] + ":" + p[5]);
        String micro = p[13].length() >= 6 ? p[13].substring(0, 6) : "000000";
        if (utc != null) {
            String[] u = utc.split("\\|", -1);
            if (u.length >= 3) {
                d.put("iso8601", u[0]);
                d.put("iso8601_basic", u[1] + micro);
                d.put("iso8601_basic_short", u[1]);
                d.put("iso8601_micro", u[0].replace("Z", "." + (u[2].length() >= 6 ? u[2].substring(0, 6) : micro) + "Z"));
            }
        }
        d.put("tz_dst", p[7]);
        f.put("date_time", d);
    }

    private static void network(Map<String, Object> f, List<String> route, List<String> addr) {
        List<Object> all = new ArrayList<>();
        Map<String, Map<String, Object>> byIface = new LinkedHashMap<>();
        List<String> interfaces = new ArrayList<>();
        for (String line : addr) {
            String[] w = line.trim().split("\\s+");
            if (w.length < 4) {
                continue;
            }
            String iface = w[1].replaceAll("@.*$", "");
            if (!interfaces.contains(iface)) {
                interfaces.add(iface);
            }
            for (int i = 2; i + 1 < w.length; i++) {
                if (w[i].equals("inet")) {
                    String[] cidr = w[i + 1].split("/");
                    if (!cidr[0].startsWith("127.")) {
                        all.add(cidr[0]);
                    }
                    Map<String, Object> a = new LinkedHashMap<>();
                    a.put("address", cidr[0]);
                    a.put("prefix", cidr.length > 1 ? cidr[1] : "32");
                    a.put("interface", iface);
                    byIface.putIfAbsent(iface, a);
                }
            }
        }
        f.put("all_ipv4_addresses", all);
        f.put("interfaces", interfaces);
        Map<String, Object> def = new LinkedHashMap<>();
        if (!route.isEmpty() && !route.get(0).isBlank()) {
            String[] w = route.get(0).trim().split("\\s+");
            String gw = null;
            String dev = null;
            for (int i = 0; i + 1 < w.length; i++) {
                if (w[i].equals("via")) {
                    gw = w[i + 1];
                } else if (w[i].equals("dev")) {
                    dev = w[i + 1];
                }
            }
            if (dev != null && byIface.containsKey(dev)) {
                def.putAll(byIface.get(dev));
                def.put("alias", dev);
                if (gw != null) {
                    def.put("gateway", gw);
                }
            }
        }
        f.put("default_ipv4", def);
    }

    private static long asLong(String s) {
        if (s == null) {
            return 0;
        }
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
