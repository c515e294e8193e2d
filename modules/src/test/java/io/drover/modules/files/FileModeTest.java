package io.drover.modules.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Mode parsing and symbolic resolution; expected values computed with ansible-core's own _symbolic_mode_to_octal. */
class FileModeTest {

    @ParameterizedTest
    @CsvSource({
            "644, false, 'u=rw,g=r,o=', 640",
            "644, false, u+x, 744",
            "600, false, a+X, 600",
            "700, true, g=u, 770",
            "755, false, 'o-rx,g-x', 740",
            "644, false, +x, 755",
            "644, false, 'u=rwxs,g+s,o+t', 7744",
            "4755, false, u=rw, 655",
            "640, true, a+X, 751",
            "640, false, go=u-w, 644",
    })
    void symbolicModesMatchAnsible(String current, boolean dir, String symbolic, String expected) throws Exception {
        FileMode m = FileMode.of(symbolic);
        assertEquals(Integer.parseInt(expected, 8), m.resolve(Integer.parseInt(current, 8), dir, 022));
    }

    @Test
    void yamlIntegersAreTheBitsThemselves() throws Exception {
        // YAML 1.1 reads 0644 as 420; Ansible applies it as is. An unquoted 644 is decimal 644 = 0o1204.
        assertEquals(0644, FileMode.of(420L).resolve(0, false, 022));
        assertEquals(01204, FileMode.of(644L).resolve(0, false, 022));
    }

    @Test
    void octalStringsLikePythonsInt() throws Exception {
        assertEquals(0644, FileMode.of("0644").octal());
        assertEquals(0644, FileMode.of("644").octal());
        assertEquals(0755, FileMode.of("0o755").octal());
        assertEquals(01777, FileMode.of(" 1777 ").octal());
        assertNull(FileMode.of("u+x").octal());
        assertNull(FileMode.of(null));
    }

    @Test
    void invalidModesGiveAnsiblesDetails() {
        var e = assertThrows(FileMode.InvalidModeException.class, () -> FileMode.of("999").resolve(0644, false, 022));
        assertEquals("bad symbolic permission for mode: 999", e.getMessage());
        var e2 = assertThrows(FileMode.InvalidModeException.class, () -> FileMode.of("u=rw,x+q").resolve(0644, false, 022));
        assertEquals("bad symbolic permission for mode: x+q", e2.getMessage());
        assertEquals("0644", FileMode.display(0644));
        assertEquals("04755", FileMode.display(04755));
    }
}
