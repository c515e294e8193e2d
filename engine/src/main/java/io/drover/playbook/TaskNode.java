package io.drover.playbook;

import io.drover.error.SourceLocation;

/** An entry of a task list: a task or a block of tasks. */
public sealed interface TaskNode permits Task, Block {
    SourceLocation location();
}
