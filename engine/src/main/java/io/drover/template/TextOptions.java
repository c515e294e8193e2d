package io.drover.template;

import java.nio.file.Path;

/**
 * How {@link Templar#renderText} renders a whole file (template module, template lookup).
 *
 * @param templateDir   directory of the template file: {@code include}/{@code import} resolve against it first;
 *                      may be null
 * @param trimBlocks    drop the newline after a block tag or comment (Ansible default true)
 * @param lstripBlocks  strip whitespace before a block tag on its line (Ansible default false)
 * @param delimiters    the template's Jinja delimiters (the template module's {@code *_string} options)
 */
public record TextOptions(Path templateDir, boolean trimBlocks, boolean lstripBlocks, Delimiters delimiters) {

    /** Ansible's template-module defaults. */
    public static final TextOptions DEFAULT = new TextOptions(null, true, false, Delimiters.STANDARD);

    public TextOptions {
        delimiters = delimiters == null ? Delimiters.STANDARD : delimiters;
    }

    public static TextOptions forFile(Path templateFile) {
        Path dir = templateFile == null ? null : templateFile.toAbsolutePath().getParent();
        return new TextOptions(dir, true, false, Delimiters.STANDARD);
    }

    public TextOptions withBlocks(boolean trim, boolean lstrip) {
        return new TextOptions(templateDir, trim, lstrip, delimiters);
    }

    public TextOptions withDelimiters(Delimiters d) {
        return new TextOptions(templateDir, trimBlocks, lstripBlocks, d);
    }
}
