package io.drover.cli.output;

import io.drover.template.PyJson;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The text ansible-playbook prints for a result's {@code diff} under {@code --diff}: for each entry, a unified diff
 * of {@code before}/{@code after} (dicts as indented JSON) with headers {@code before: X} / {@code after: Y}, three
 * lines of context, Python's {@code \ No newline at end of file} markers and a blank line after; plus the
 * "diff skipped" notes for binary or large files and any {@code prepared} text.
 *
 * <p>Hunks are computed the way Python's difflib does (SequenceMatcher's longest-match recursion with its
 * "popular element" heuristic), not with Myers' algorithm: where several minimal diffs exist, the two pick
 * different ones, and the output must match Ansible's line for line.
 */
public final class UnifiedDiff {

    private UnifiedDiff() {
    }

    /** The whole display text for a result's {@code diff} value (a dict or a list of them); empty if nothing. */
    public static String render(Object diff, int context) {
        List<?> entries = diff instanceof List<?> l ? l : List.of(diff);
        StringBuilder out = new StringBuilder();
        for (Object o : entries) {
            if (!(o instanceof Map<?, ?> d)) {
                continue;
            }
            if (d.containsKey("dst_binary")) {
                out.append("diff skipped: destination file appears to be binary\n");
            }
            if (d.containsKey("src_binary")) {
                out.append("diff skipped: source file appears to be binary\n");
            }
            if (d.containsKey("dst_larger")) {
                out.append("diff skipped: destination file size is greater than ").append(d.get("dst_larger")).append('\n');
            }
            if (d.containsKey("src_larger")) {
                out.append("diff skipped: source file size is greater than ").append(d.get("src_larger")).append('\n');
            }
            if (d.containsKey("before") && d.containsKey("after")) {
                String before = side(d.get("before"));
                String after = side(d.get("after"));
                String from = d.containsKey("before_header") ? "before: " + d.get("before_header") : "before";
                String to = d.containsKey("after_header") ? "after: " + d.get("after_header") : "after";
                List<String> lines = diff(splitLines(before), splitLines(after), from, to, context);
                lines.forEach(out::append);
                if (!lines.isEmpty()) {
                    out.append('\n');
                }
            }
            if (d.get("prepared") != null) {
                out.append(d.get("prepared"));
            }
        }
        return out.toString();
    }

    private static String side(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Map<?, ?>) {
            return PyJson.dumps(v, 4, true, true) + "\n";
        }
        return String.valueOf(v);
    }

    /** Python's splitlines(True) for \n, \r\n and \r, plus Ansible's "No newline" marker on the last line. */
    static List<String> splitLines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                lines.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            lines.add(text.substring(start) + "\n\\ No newline at end of file\n");
        }
        return lines;
    }

    /** difflib.unified_diff(a, b, from, to, n=context) with empty dates; each line keeps its own terminator. */
    static List<String> diff(List<String> a, List<String> b, String from, String to, int context) {
        List<String> out = new ArrayList<>();
        for (List<int[]> group : groupedOpcodes(opcodes(a, b), context)) {
            if (out.isEmpty()) {
                out.add("--- " + from + "\n");
                out.add("+++ " + to + "\n");
            }
            int[] first = group.get(0);
            int[] last = group.get(group.size() - 1);
            out.add("@@ -" + range(first[1], last[2]) + " +" + range(first[3], last[4]) + " @@\n");
            for (int[] op : group) {
                if (op[0] == EQUAL) {
                    for (int i = op[1]; i < op[2]; i++) {
                        out.add(" " + a.get(i));
                    }
                    continue;
                }
                if (op[0] == REPLACE || op[0] == DELETE) {
                    for (int i = op[1]; i < op[2]; i++) {
                        out.add("-" + a.get(i));
                    }
                }
                if (op[0] == REPLACE || op[0] == INSERT) {
                    for (int j = op[3]; j < op[4]; j++) {
                        out.add("+" + b.get(j));
                    }
                }
            }
        }
        return out;
    }

    private static String range(int start, int stop) {
        int beginning = start + 1;
        int length = stop - start;
        if (length == 1) {
            return Integer.toString(beginning);
        }
        if (length == 0) {
            beginning--;
        }
        return beginning + "," + length;
    }

    static final int EQUAL = 0;
    static final int REPLACE = 1;
    static final int DELETE = 2;
    static final int INSERT = 3;

    /** SequenceMatcher(None, a, b).get_opcodes() as {tag, i1, i2, j1, j2}. */
    static List<int[]> opcodes(List<String> a, List<String> b) {
        Map<String, List<Integer>> b2j = new HashMap<>();
        for (int j = 0; j < b.size(); j++) {
            b2j.computeIfAbsent(b.get(j), k -> new ArrayList<>()).add(j);
        }
        if (b.size() >= 200) {
            int ntest = b.size() / 100 + 1;
            Set<String> popular = new HashSet<>();
            b2j.forEach((k, v) -> {
                if (v.size() > ntest) {
                    popular.add(k);
                }
            });
            popular.forEach(b2j::remove);
        }
        List<int[]> blocks = new ArrayList<>();
        List<int[]> queue = new ArrayList<>();
        queue.add(new int[]{0, a.size(), 0, b.size()});
        while (!queue.isEmpty()) {
            int[] q = queue.remove(queue.size() - 1);
            int[] m = longestMatch(a, b, b2j, q[0], q[1], q[2], q[3]);
            if (m[2] > 0) {
                blocks.add(m);
                if (q[0] < m[0] && q[2] < m[1]) {
                    queue.add(new int[]{q[0], m[0], q[2], m[1]});
                }
                if (m[0] + m[2] < q[1] && m[1] + m[2] < q[3]) {
                    queue.add(new int[]{m[0] + m[2], q[1], m[1] + m[2], q[3]});
                }
            }
        }
        blocks.sort(Comparator.<int[]>comparingInt(x -> x[0]).thenComparingInt(x -> x[1]).thenComparingInt(x -> x[2]));
        List<int[]> merged = new ArrayList<>();
        int i1 = 0;
        int j1 = 0;
        int k1 = 0;
        for (int[] m : blocks) {
            if (i1 + k1 == m[0] && j1 + k1 == m[1]) {
                k1 += m[2];
            } else {
                if (k1 > 0) {
                    merged.add(new int[]{i1, j1, k1});
                }
                i1 = m[0];
                j1 = m[1];
                k1 = m[2];
            }
        }
        if (k1 > 0) {
            merged.add(new int[]{i1, j1, k1});
        }
        merged.add(new int[]{a.size(), b.size(), 0});
        List<int[]> ops = new ArrayList<>();
        int i = 0;
        int j = 0;
        for (int[] m : merged) {
            int tag = i < m[0] && j < m[1] ? REPLACE : i < m[0] ? DELETE : j < m[1] ? INSERT : -1;
            if (tag >= 0) {
                ops.add(new int[]{tag, i, m[0], j, m[1]});
            }
            i = m[0] + m[2];
            j = m[1] + m[2];
            if (m[2] > 0) {
                ops.add(new int[]{EQUAL, m[0], i, m[1], j});
            }
        }
        return ops;
    }

    private static int[] longestMatch(List<String> a, List<String> b, Map<String, List<Integer>> b2j,
                                      int alo, int ahi, int blo, int bhi) {
        int besti = alo;
        int bestj = blo;
        int bestsize = 0;
        Map<Integer, Integer> j2len = new HashMap<>();
        for (int i = alo; i < ahi; i++) {
            Map<Integer, Integer> newj2len = new HashMap<>();
            for (int j : b2j.getOrDefault(a.get(i), List.of())) {
                if (j < blo) {
                    continue;
                }
                if (j >= bhi) {
                    break;
                }
                int k = j2len.getOrDefault(j - 1, 0) + 1;
                newj2len.put(j, k);
                if (k > bestsize) {
                    besti = i - k + 1;
                    bestj = j - k + 1;
                    bestsize = k;
                }
            }
            j2len = newj2len;
        }
        while (besti > alo && bestj > blo && a.get(besti - 1).equals(b.get(bestj - 1))) {
            besti--;
            bestj--;
            bestsize++;
        }
        while (besti + bestsize < ahi && bestj + bestsize < bhi && a.get(besti + bestsize).equals(b.get(bestj + bestsize))) {
            bestsize++;
        }
        return new int[]{besti, bestj, bestsize};
    }

    /** difflib's get_grouped_opcodes(n). */
    static List<List<int[]>> groupedOpcodes(List<int[]> codes, int n) {
        List<int[]> c = new ArrayList<>();
        codes.forEach(x -> c.add(x.clone()));
        if (c.isEmpty()) {
            c.add(new int[]{EQUAL, 0, 1, 0, 1});
        }
        int[] f = c.get(0);
        if (f[0] == EQUAL) {
            c.set(0, new int[]{EQUAL, Math.max(f[1], f[2] - n), f[2], Math.max(f[3], f[4] - n), f[4]});
        }
        int[] l = c.get(c.size() - 1);
        if (l[0] == EQUAL) {
            c.set(c.size() - 1, new int[]{EQUAL, l[1], Math.min(l[2], l[1] + n), l[3], Math.min(l[4], l[3] + n)});
        }
        List<List<int[]>> groups = new ArrayList<>();
        List<int[]> group = new ArrayList<>();
        for (int[] op : c) {
            int i1 = op[1];
            int j1 = op[3];
            if (op[0] == EQUAL && op[2] - op[1] > 2 * n) {
                group.add(new int[]{EQUAL, op[1], Math.min(op[2], op[1] + n), op[3], Math.min(op[4], op[3] + n)});
                groups.add(group);
                group = new ArrayList<>();
                i1 = Math.max(i1, op[2] - n);
                j1 = Math.max(j1, op[4] - n);
            }
            group.add(new int[]{op[0], i1, op[2], j1, op[4]});
        }
        if (!group.isEmpty() && !(group.size() == 1 && group.get(0)[0] == EQUAL)) {
            groups.add(group);
        }
        return groups;
    }
}
