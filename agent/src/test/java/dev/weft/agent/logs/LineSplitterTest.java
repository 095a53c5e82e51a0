package dev.weft.agent.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {
  private static List<String> text(List<byte[]> lines) {
    return lines.stream().map(l -> new String(l, StandardCharsets.UTF_8)).toList();
  }

  private static List<String> feed(LineSplitter s, String chunk) {
    byte[] b = chunk.getBytes(StandardCharsets.UTF_8);
    return text(s.feed(b, 0, b.length));
  }

  @Test
  void aLineCutAcrossChunksComesOutWhole() {
    LineSplitter s = new LineSplitter();
    assertEquals(List.of("one"), feed(s, "one\ntw"));
    assertEquals(List.of(), feed(s, "o"));
    assertEquals(List.of("two", "three"), feed(s, "\r\nthree\n"));
    assertEquals(List.of(), text(s.rest()));
  }

  @Test
  void theLastLineWithoutAnEndIsKeptForRest() {
    LineSplitter s = new LineSplitter();
    assertEquals(List.of("a", ""), feed(s, "a\n\nb"));
    assertEquals(List.of("b"), text(s.rest()));
    assertEquals(List.of(), text(s.rest()));
  }

  @Test
  void aRunawayLineIsCutAtTheLimit() {
    LineSplitter s = new LineSplitter();
    List<String> lines = feed(s, "x".repeat(LineSplitter.MAX_LINE_BYTES + 5) + "\n");
    assertEquals(2, lines.size());
    assertEquals(LineSplitter.MAX_LINE_BYTES, lines.get(0).length());
    assertEquals("xxxxx", lines.get(1));
  }

  @Test
  void lastKeepsTheTail() {
    List<byte[]> lines = List.of(new byte[] {'1'}, new byte[] {'2'}, new byte[] {'3'});
    assertEquals(List.of("2", "3"), text(LineSplitter.last(lines, 2)));
    assertEquals(List.of(), text(LineSplitter.last(lines, 0)));
    assertEquals(List.of("1", "2", "3"), text(LineSplitter.last(lines, -1)));
    assertEquals(List.of("1", "2", "3"), text(LineSplitter.last(lines, 5)));
  }
}
