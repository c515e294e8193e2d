package io.drover.it;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads the PLAY RECAP that ansible-playbook (and Drover, which prints the same) writes at the end of a run. */
public final class RecapParser {

    private static final Pattern HEADER = Pattern.compile("^PLAY RECAP \\**\\s*$");
    private static final Pattern LINE = Pattern.compile(
            "^(\\S+)\\s+:\\s+ok=(\\d+)\\s+changed=(\\d+)\\s+unreachable=(\\d+)\\s+failed=(\\d+)"
                    + "\\s+skipped=(\\d+)\\s+rescued=(\\d+)\\s+ignored=(\\d+)\\s*$");

    private RecapParser() {}

    /**
     * The host lines of the last PLAY RECAP in {@code output}, in printed order.
     *
     * @throws IllegalArgumentException if there is no PLAY RECAP (the run died before the end)
     */
    public static Map<String, HostRecap> parse(String output) {
        List<String> lines = output.lines().toList();
        int header = -1;
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (HEADER.matcher(lines.get(i)).matches()) {
                header = i;
                break;
            }
        }
        if (header < 0) {
            throw new IllegalArgumentException("no PLAY RECAP in output:\n" + output);
        }
        Map<String, HostRecap> recap = new LinkedHashMap<>();
        for (String line : lines.subList(header + 1, lines.size())) {
            var m = LINE.matcher(line);
            if (!m.matches()) {
                if (line.isBlank()) {
                    continue;
                }
                break;
            }
            recap.put(m.group(1), new HostRecap(
                    num(m.group(2)), num(m.group(3)), num(m.group(4)), num(m.group(5)),
                    num(m.group(6)), num(m.group(7)), num(m.group(8))));
        }
        return Collections.unmodifiableMap(recap);
    }

    private static int num(String digits) {
        return Integer.parseInt(digits);
    }
}
