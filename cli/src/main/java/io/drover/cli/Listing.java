package io.drover.cli;

import io.drover.api.RunOptions;
import io.drover.exec.TagSelection;
import io.drover.inventory.Host;
import io.drover.inventory.Inventory;
import io.drover.playbook.Block;
import io.drover.playbook.Play;
import io.drover.playbook.Playbook;
import io.drover.playbook.Task;
import io.drover.playbook.TaskNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * {@code --list-hosts} and {@code --list-tasks} in ansible-playbook's layout. Hosts are listed in inventory order
 * (ansible-core prints them in Python set order, which changes from run to run).
 */
final class Listing {
    private Listing() {
    }

    static void print(PrintStream out, List<Playbook> playbooks, Inventory inventory, RunOptions options,
                      boolean hosts, boolean tasks, boolean tags) {
        Set<String> allowed = options.limit() == null ? null : inventory.limit(options.limit());
        for (Playbook pb : playbooks) {
            out.println();
            out.println("playbook: " + pb.file());
            int n = 0;
            for (Play play : pb.plays()) {
                n++;
                out.println();
                out.println("  play #" + n + " (" + play.hostsPattern() + "): " + play.displayName() + "\tTAGS: "
                        + tags(play.tags()));
                if (hosts) {
                    List<String> names = new ArrayList<>();
                    for (Host h : inventory.resolve(play.hosts())) {
                        if (allowed == null || allowed.contains(h.name())) {
                            names.add(h.name());
                        }
                    }
                    out.println("    pattern: " + play.hosts().stream().map(p -> "'" + p + "'")
                            .collect(Collectors.joining(", ", "[", "]")));
                    out.println("    hosts (" + names.size() + "):");
                    names.forEach(h -> out.println("      " + h));
                }
                List<String> lines = new ArrayList<>();
                Set<String> allTags = new TreeSet<>();
                for (List<TaskNode> section : List.of(play.preTasks(), play.tasks(), play.postTasks())) {
                    listTasks(lines, allTags, section, play.tags(), options.tags());
                }
                if (tasks) {
                    out.println("    tasks:");
                    lines.forEach(out::println);
                }
                if (tags) {
                    out.println("      TASK TAGS: " + allTags.stream().collect(Collectors.joining(", ", "[", "]")));
                }
            }
        }
    }

    /** Collects the listing lines and the tags of the tasks the selection lets run. */
    private static void listTasks(List<String> lines, Set<String> allTags, List<TaskNode> nodes,
                                  List<String> inherited, TagSelection selection) {
        for (TaskNode node : nodes) {
            switch (node) {
                case Task t -> {
                    List<String> all = new ArrayList<>(inherited);
                    all.addAll(t.tags());
                    if (selection.selects(all)) {
                        // TASK TAGS lists the tags of the tasks that would run, as ansible-playbook does.
                        allTags.addAll(all);
                        if (!t.action().endsWith("meta")) {
                            lines.add("      " + t.displayName() + "\tTAGS: " + tags(all));
                        }
                    }
                }
                case Block b -> {
                    List<String> all = new ArrayList<>(inherited);
                    all.addAll(b.tags());
                    listTasks(lines, allTags, b.block(), all, selection);
                    listTasks(lines, allTags, b.rescue(), all, selection);
                    listTasks(lines, allTags, b.always(), all, selection);
                }
            }
        }
    }

    private static String tags(List<String> tags) {
        return new TreeSet<>(tags).stream().collect(Collectors.joining(", ", "[", "]"));
    }
}
