package io.drover.template;

import java.nio.file.Path;

/**
 * How {@link Templar#renderText} renders a whole file (template module, template lookup).
 *
 * @param templateDir   directory of the template file: {@code include}/{@code import} resolve against it first;
 *                      may be null
 * @param trimBlocks    drop the newline after a block tag or comment (Ansible default true)
 * @param lstripBlocks  strip whitespace before a block tag on its line (Ansible default false)
 */
public record TextOptions(Path templateDir, boolean trimBlocks, boolean lstripBlocks) {

    /** Ansible's template-module defaults. */
    public static final TextOptions DEFAULT = new TextOptions(null, true, false);

    public static TextOptions forFile(Path templateFile) {
        Path dir = templateFile == null ? null : templateFile.toAbsolutePath().getParent();
        return new TextOptions(dir, true, false);
    }

    public TextOptions withBlocks(boolean trim, boolean lstrip) {
        return new TextOptions(templateDir, trim, lstrip);
    }
}
