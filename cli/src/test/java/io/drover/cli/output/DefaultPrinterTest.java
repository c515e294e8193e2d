package io.drover.cli.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.drover.api.Events.HostResult;
import io.drover.api.Events.Status;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DefaultPrinterTest {

    @Test
    void bannerPadsToEightyColumns() {
        assertEquals("\nPLAY [Demo play] ***************************************************************",
                DefaultPrinter.banner("PLAY [Demo play]"));
        String longName = "TASK [" + "x".repeat(90) + "]";
        assertEquals("\n" + longName + " ***", DefaultPrinter.banner(longName));
    }

    @Test
    void warningsAndExceptionsArePrintedBeforeTheResultAndLeftOutOfItsJson() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        DefaultPrinter printer = new DefaultPrinter(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), 0, false);
        Map<String, Object> ok = new LinkedHashMap<>();
        ok.put("changed", true);
        ok.put("warnings", List.of("The regular expression is an empty string"));
        printer.hostResult(new HostResult("h1", "t", "lineinfile", Status.CHANGED, ok, null, false, false, false, null));
        Map<String, Object> crash = new LinkedHashMap<>();
        crash.put("failed", true);
        crash.put("msg", "MODULE FAILURE");
        crash.put("exception", "Traceback (most recent call last):\n  File \"x\"\nre.error: missing ), unterminated subpattern");
        printer.hostResult(new HostResult("h1", "t", "lineinfile", Status.FAILED, crash, null, false, false, false, null));
        assertEquals("[WARNING]: The regular expression is an empty string\n", err.toString(StandardCharsets.UTF_8));
        assertEquals("changed: [h1]\n"
                + "An exception occurred during task execution. To see the full traceback, use -vvv. The error was: "
                + "re.error: missing ), unterminated subpattern\n"
                + "fatal: [h1]: FAILED! => {\"msg\": \"MODULE FAILURE\"}\n", out.toString(StandardCharsets.UTF_8));
    }
}
