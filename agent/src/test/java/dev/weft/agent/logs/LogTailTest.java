package dev.weft.agent.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {
  @TempDir Path dir;

  private static List<String> text(List<byte[]> lines) {
    return lines.stream().map(l -> new String(l, StandardCharsets.UTF_8)).toList();
  }

  private static void append(Path file, String s) throws IOException {
    Files.writeString(file, s, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  @Test
  void theFirstReadGivesTheTailThenOnlyWhatWasAdded() throws IOException {
    Path file = dir.resolve("container.log");
    append(file, "1\n2\n3\n4\n");
    try (LogTail tail = new LogTail(file, 2)) {
      assertEquals(List.of("3", "4"), text(tail.read()));
      assertEquals(List.of(), text(tail.read()));
      append(file, "5\n6");
      assertEquals(List.of("5"), text(tail.read()));
      append(file, "6\n");
      assertEquals(List.of("66"), text(tail.read()));
    }
  }

  @Test
  void aTailOfABigFileLooksOnlyAtItsEndAndDropsTheCutLine() throws IOException {
    Path file = dir.resolve("container.log");
    String line = "y".repeat(99) + "\n";
    append(file, line.repeat(LogTail.TAIL_WINDOW_BYTES / 100 + 50) + "last\n");
    try (LogTail tail = new LogTail(file, -1)) {
      assertEquals(LogTail.TAIL_WINDOW_BYTES / 100 + 51, tail.read().size(), "all lines without a tail");
    }
    try (LogTail tail = new LogTail(file, 100_000)) {
      List<String> lines = text(tail.read());
      assertEquals("last", lines.get(lines.size() - 1));
      assertEquals(lines.subList(0, lines.size() - 1).stream().filter(l -> l.equals("y".repeat(99))).count(),
          lines.size() - 1, "no cut line at the start of the window");
    }
  }
}
