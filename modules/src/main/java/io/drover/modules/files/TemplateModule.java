package io.drover.modules.files;

import io.drover.connection.ConnectionException;
import io.drover.module.ArgSpec;
import io.drover.module.ArgSpec.Type;
import io.drover.module.Args;
import io.drover.module.ControllerFiles;
import io.drover.module.Module;
import io.drover.module.ModuleContext;
import io.drover.module.ModuleResult;
import io.drover.template.Delimiters;
import io.drover.template.TemplateException;
import io.drover.template.TextOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code template}: renders a controller template with the task's variables (plus Ansible's template variables
 * {@code ansible_managed}, {@code template_host}, {@code template_path}, {@code template_fullpath},
 * {@code template_uid}, {@code template_run_date}, {@code template_destpath}, {@code template_mtime}), then writes
 * the text exactly as {@code copy} writes content ({@link FileDeploy}): same checksum idempotence, attributes,
 * validate, backup, check and diff mode, same results.
 *
 * <p><b>Round trips:</b> rendering is local; then 1 when the file is unchanged, 2 when it changes.
 */
public final class TemplateModule implements Module {

    @Override
    public String name() {
        return "template";
    }

    @Override
    public ArgSpec argSpec() {
        return FileArgs.common(ArgSpec.builder())
                .add(ArgSpec.option("src", Type.PATH).asRequired())
                .add(ArgSpec.option("dest", Type.PATH).asRequired())
                .add(ArgSpec.option("backup", Type.BOOL).withDefault(false))
                .add(ArgSpec.option("force", Type.BOOL).withDefault(true))
                .add(ArgSpec.option("validate", Type.STR))
                .add(ArgSpec.option("follow", Type.BOOL).withDefault(false))
                .add(ArgSpec.option("trim_blocks", Type.BOOL).withDefault(true))
                .add(ArgSpec.option("lstrip_blocks", Type.BOOL).withDefault(false))
                .add(ArgSpec.option("newline_sequence", Type.STR).withDefault("\\n").choices("\\n", "\\r", "\\r\\n"))
                .add(ArgSpec.option("output_encoding", Type.STR).withDefault("utf-8"))
                .add(ArgSpec.option("block_start_string", Type.STR))
                .add(ArgSpec.option("block_end_string", Type.STR))
                .add(ArgSpec.option("variable_start_string", Type.STR))
                .add(ArgSpec.option("variable_end_string", Type.STR))
                .add(ArgSpec.option("comment_start_string", Type.STR))
                .add(ArgSpec.option("comment_end_string", Type.STR))
                .build();
    }

    @Override
    public ModuleResult run(ModuleContext ctx) throws ConnectionException {
        Args args = ctx.args();
        String src = args.str("src");
        String dest = args.str("dest");
        ControllerFiles.Search found = ctx.findFile("templates", src);
        if (found.found() == null) {
            return ModuleResult.failed(found.notFoundMessage());
        }
        Path source = found.found();
        String text;
        try {
            TextOptions options = TextOptions.forFile(source)
                    .withBlocks(!Boolean.FALSE.equals(args.raw("trim_blocks")), args.bool("lstrip_blocks"))
                    .withDelimiters(Delimiters.STANDARD.with(args.str("variable_start_string"),
                            args.str("variable_end_string"), args.str("block_start_string"),
                            args.str("block_end_string"), args.str("comment_start_string"),
                            args.str("comment_end_string")));
            text = ctx.renderFile(source, templateVars(src, source, dest), options);
        } catch (io.drover.vault.VaultException e) {
            return ModuleResult.failed(e.getMessage());
        } catch (TemplateException e) {
            // Ansible's message, then where: the template file (and the line when the engine knows it).
            String msg = e.isUndefined() ? "AnsibleUndefinedVariable: " + e.getMessage() + ". " + e.getMessage()
                    : "AnsibleError: " + e.getMessage();
            int line = errorLine(source, e.getMessage());
            return ModuleResult.failed(msg + " (in template " + source + (line > 0 ? ", line " + line : "") + ")");
        } catch (IOException e) {
            return ModuleResult.failed("could not find src=" + source + ", " + e.getMessage());
        }
        String newline = switch (args.str("newline_sequence")) {
            case "\\r" -> "\r";
            case "\\r\\n" -> "\r\n";
            default -> "\n";
        };
        if (!newline.equals("\n")) {
            text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", newline);
        }
        byte[] bytes = text.getBytes(java.nio.charset.Charset.forName(args.str("output_encoding"),
                StandardCharsets.UTF_8));
        FileAttrs attrs = FileAttrs.of(args);
        if ("preserve".equals(args.raw("mode"))) {
            attrs = attrs.withMode(new FileMode(CopyModule.localMode(source), null));
        }
        String name = source.getFileName().toString();
        return FileDeploy.run(ctx, new FileDeploy.Request(dest, name, bytes, source.toString(), source.toString(),
                args.bool("follow"), !Boolean.FALSE.equals(args.raw("force")), args.bool("backup"),
                args.str("validate"), attrs, null));
    }

    private static final java.util.regex.Pattern UNDEFINED = java.util.regex.Pattern.compile("'([A-Za-z_][A-Za-z0-9_]*)' is undefined");
    private static final java.util.regex.Pattern SNIPPET = java.util.regex.Pattern.compile("Syntax error in '(.+?)'");

    /**
     * The template line an error points at, found from the message (the undefined name's first use in an
     * expression, or the tag a syntax error quotes); 0 when it cannot be told.
     */
    static int errorLine(Path source, String message) {
        List<String> lines;
        try {
            lines = Files.readAllLines(source, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return 0;
        }
        java.util.regex.Matcher u = UNDEFINED.matcher(message);
        java.util.regex.Matcher sn = SNIPPET.matcher(message);
        java.util.regex.Pattern needle = u.find()
                ? java.util.regex.Pattern.compile("(\\{\\{|\\{%).*\\b" + u.group(1) + "\\b")
                : sn.find() ? java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(sn.group(1))) : null;
        if (needle == null) {
            return 0;
        }
        for (int i = 0; i < lines.size(); i++) {
            if (needle.matcher(lines.get(i)).find()) {
                return i + 1;
            }
        }
        return 0;
    }

    /** Ansible's generate_ansible_template_vars, with its default {@code ansible_managed} string. */
    static Map<String, Object> templateVars(String srcArg, Path source, String dest) throws IOException {
        Map<String, Object> vars = new LinkedHashMap<>();
        String host = ControllerName.VALUE;
        Instant mtime = Files.getLastModifiedTime(source).toInstant();
        String uid;
        try {
            uid = Files.getOwner(source).getName();
        } catch (IOException | UnsupportedOperationException e) {
            // An owner the controller cannot name (no POSIX view, unknown uid) leaves template_uid empty.
            uid = "";
        }
        vars.put("template_host", host);
        vars.put("template_path", srcArg);
        vars.put("template_mtime", pyDateTime(LocalDateTime.ofInstant(mtime, ZoneId.systemDefault())));
        vars.put("template_uid", uid);
        vars.put("template_run_date", pyDateTime(LocalDateTime.now()));
        vars.put("template_destpath", dest);
        vars.put("template_fullpath", source.toAbsolutePath().toString());
        vars.put("ansible_managed", "Ansible managed");
        return vars;
    }

    /** Python's str(datetime). */
    private static String pyDateTime(LocalDateTime t) {
        String base = t.withNano(0).toString().replace('T', ' ');
        if (t.getSecond() == 0 && base.length() == 16) {
            base += ":00";
        }
        int micros = t.getNano() / 1000;
        return micros == 0 ? base : base + String.format(".%06d", micros);
    }

    /**
     * The controller's host name for {@code template_host}, as Python's socket.gethostname() gives it: the kernel's
     * node name, read once per JVM, with no DNS lookup on the task path.
     */
    private static final class ControllerName {
        static final String VALUE = read();

        private static String read() {
            try {
                String n = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).strip();
                if (!n.isEmpty()) {
                    return n;
                }
            } catch (IOException | RuntimeException e) {
                // not Linux: fall back to the JDK's view below
            }
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                return "localhost";
            }
        }
    }
}
