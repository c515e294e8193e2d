package io.drover.it;

import java.util.ArrayList;
import java.util.List;

/** Runs ansible-core (the compatibility oracle) against the fleet. */
public record AnsibleRunner(Fleet fleet) implements PlaybookRunner {

    @Override
    public String name() {
        return "ansible";
    }

    @Override
    public List<String> playbookCommand() {
        return List.of("ansible-playbook");
    }

    /** {@code ansible -i <fleet inventory> pattern args...}, e.g. {@code adhoc("fleet", "-m", "ping")}. */
    public ProcessResult adhoc(String pattern, String... args) {
        List<String> command = new ArrayList<>(List.of("ansible", "-i", fleet.inventory().toString(), pattern));
        command.addAll(List.of(args));
        return runner(command).run();
    }
}
