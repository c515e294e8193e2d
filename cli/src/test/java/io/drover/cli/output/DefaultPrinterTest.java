package io.drover.cli.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DefaultPrinterTest {

    @Test
    void bannerPadsToEightyColumns() {
        assertEquals("\nPLAY [Demo play] ***************************************************************",
                DefaultPrinter.banner("PLAY [Demo play]"));
        String longName = "TASK [" + "x".repeat(90) + "]";
        assertEquals("\n" + longName + " ***", DefaultPrinter.banner(longName));
    }
}
