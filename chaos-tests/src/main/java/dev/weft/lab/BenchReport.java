package dev.weft.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** What every benchmark's Markdown report shares: the header with the machine, lines echoed, the file. */
final class BenchReport {
  private BenchReport() {}

  /** Prints a line and adds it to the report. */
  static void line(StringBuilder out, String text) {
    System.out.println(text);
    out.append(text).append('\n');
  }

  /** The title, when, and the machine with {@code setup} (how the lab hosts are arranged). */
  static void header(StringBuilder out, String title, String setup) {
    line(out, "# " + title);
    line(out, "");
    line(out, "- when: " + Instant.now());
    line(out, "- machine: " + Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name")
        + " " + System.getProperty("os.version") + "; " + setup);
    line(out, "");
  }

  static void write(StringBuilder out, Path report) throws IOException {
    Files.createDirectories(report.toAbsolutePath().getParent());
    Files.writeString(report, out);
    System.out.println("report written to " + report.toAbsolutePath());
  }
}
