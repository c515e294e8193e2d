package io.drover.it;

import java.util.List;

/** Runs Drover through the checkout's launcher ({@code bin/drover playbook ...}) against the fleet. */
public record DroverRunner(Fleet fleet) implements PlaybookRunner {

    @Override
    public String name() {
        return "drover";
    }

    @Override
    public List<String> playbookCommand() {
        return List.of(fleet.repositoryRoot().resolve("bin/drover").toString(), "playbook");
    }
}
