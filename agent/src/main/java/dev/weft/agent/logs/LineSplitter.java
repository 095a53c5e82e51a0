package dev.weft.agent.logs;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a byte stream into lines: {@link #feed} returns the lines a chunk completed (without their
 * {@code \n}, or {@code \r\n}), keeping a partial last line for the next chunk; {@link #rest}
 * gives it up when the stream is over. A line longer than {@link #MAX_LINE_BYTES} is cut there,
 * so one runaway line cannot hold everything back. Pure.
 */
final class LineSplitter {
  /** Docker cuts log lines at 16 KiB as well. */
  static final int MAX_LINE_BYTES = 16 * 1024;

  private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

  List<byte[]> feed(byte[] bytes, int offset, int length) {
    List<byte[]> lines = new ArrayList<>();
    for (int i = offset; i < offset + length; i++) {
      byte b = bytes[i];
      if (b == '\n') {
        lines.add(take());
      } else {
        partial.write(b);
        if (partial.size() >= MAX_LINE_BYTES) {
          lines.add(take());
        }
      }
    }
    return lines;
  }

  /** The partial last line, if any (the stream ended without a line end). */
  List<byte[]> rest() {
    return partial.size() == 0 ? List.of() : List.of(take());
  }

  private byte[] take() {
    byte[] line = partial.toByteArray();
    partial.reset();
    int end = line.length;
    if (end > 0 && line[end - 1] == '\r') {
      return java.util.Arrays.copyOf(line, end - 1);
    }
    return line;
  }

  /** The last {@code n} of {@code lines} (all when {@code n} is negative). */
  static List<byte[]> last(List<byte[]> lines, int n) {
    if (n < 0 || lines.size() <= n) {
      return lines;
    }
    return List.copyOf(lines.subList(lines.size() - n, lines.size()));
  }
}
