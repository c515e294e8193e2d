package io.drover.modules.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.module.ModuleResult;
import io.drover.modules.ShellModuleContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** stat's dict and template's rendering, search path and errors, against this machine. */
class StatAndTemplateTest {

    @TempDir
    Path dir;

    @SuppressWarnings("unchecked")
    private static Map<String, Object> stat(ModuleResult r) {
        return (Map<String, Object>) r.data().get("stat");
    }

    @Test
    void statOfFileLinkAndNothingInOneRoundTrip() throws IOException {
        Path f = dir.resolve("f");
        Files.writeString(f, "hello\n");
        ShellModuleContext c = ShellModuleContext.of(new StatModule(), Map.of("path", f.toString()));
        Map<String, Object> s = stat(c.run());
        assertEquals(1, c.execCount());
        assertEquals(true, s.get("exists"));
        assertEquals(true, s.get("isreg"));
        assertEquals("f572d396fae9206628714fb2ce00f72e94f2258f", s.get("checksum"));
        assertEquals(6L, s.get("size"));
        assertEquals(f.toString(), s.get("path"));
        assertEquals("text/plain", s.get("mimetype"));
        assertEquals("us-ascii", s.get("charset"));
        assertTrue(s.get("mtime") instanceof Double);
        Map<String, Object> sha = stat(ShellModuleContext.of(new StatModule(),
                Map.of("path", f.toString(), "checksum_algorithm", "sha256")).run());
        assertEquals("5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03", sha.get("checksum"));

        Files.createSymbolicLink(dir.resolve("l"), Path.of("f"));
        Map<String, Object> l = stat(ShellModuleContext.of(new StatModule(), Map.of("path", dir + "/l")).run());
        assertEquals(true, l.get("islnk"));
        assertEquals("f", l.get("lnk_target"));
        assertEquals(f.toString(), l.get("lnk_source"));
        assertFalse(l.containsKey("checksum"), "no checksum of a link without follow");
        Map<String, Object> followed = stat(ShellModuleContext.of(new StatModule(),
                Map.of("path", dir + "/l", "follow", true)).run());
        assertEquals(true, followed.get("isreg"));

        assertEquals(Map.of("exists", false),
                stat(ShellModuleContext.of(new StatModule(), Map.of("path", dir + "/none")).run()));
    }

    @Test
    void templateRendersWithTemplateVarsAndIsIdempotent() throws IOException {
        Path templates = Files.createDirectories(dir.resolve("templates"));
        Files.writeString(templates.resolve("t.j2"),
                "# {{ ansible_managed }}\n{% for p in ports %}\nport={{ p }}\n{% endfor %}\npath={{ template_path }}\n");
        Path dest = dir.resolve("out.conf");
        ShellModuleContext c = ShellModuleContext.of(new TemplateModule(), Map.of("src", "t.j2", "dest", dest.toString()))
                .var("playbook_dir", dir.toString()).var("ports", List.of(80, 443));
        ModuleResult r = c.run();
        assertTrue(r.changed(), r.toString());
        assertEquals("# Ansible managed\nport=80\nport=443\npath=t.j2\n", Files.readString(dest));
        ShellModuleContext again = ShellModuleContext.of(new TemplateModule(), Map.of("src", "t.j2", "dest", dest.toString()))
                .var("playbook_dir", dir.toString()).var("ports", List.of(80, 443));
        assertFalse(again.run().changed());
        assertEquals(1, again.execCount());
    }

    @Test
    void templateNotFoundListsTheSearchPathAndErrorsNameTheFile() throws IOException {
        ModuleResult missing = ShellModuleContext.of(new TemplateModule(), Map.of("src", "nope.j2", "dest", dir + "/x"))
                .var("playbook_dir", dir.toString()).run();
        assertEquals("Could not find or access 'nope.j2'\nSearched in:\n\t" + dir + "/templates/nope.j2\n\t" + dir
                + "/nope.j2 on the Ansible Controller.\nIf you are using a module and expect the file to exist on the "
                + "remote, see the remote_src option", missing.data().get("msg"));
        Files.writeString(dir.resolve("bad.j2"), "a\n{{ undefined_thing }}\n");
        ModuleResult bad = ShellModuleContext.of(new TemplateModule(), Map.of("src", "bad.j2", "dest", dir + "/x"))
                .var("playbook_dir", dir.toString()).run();
        assertTrue(bad.failed());
        String msg = (String) bad.data().get("msg");
        assertTrue(msg.startsWith("AnsibleUndefinedVariable: "), msg);
        assertTrue(msg.contains(dir.resolve("bad.j2").toString()), msg);
        assertFalse(Files.exists(dir.resolve("x")));
    }
}
