package dev.weft.agent.logs;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One task's log file, read from where the last read stopped. The first read starts at most
 * {@link #TAIL_WINDOW_BYTES} before the end when only the last lines are wanted, and keeps the
 * last {@code tail} of the lines it finds.
 */
final class LogTail implements AutoCloseable {
  /** How far back from the end a tail looks; a partial first line there is dropped. */
  static final int TAIL_WINDOW_BYTES = 1 << 20;

  private final RandomAccessFile file;
  private final int tail;
  private final LineSplitter splitter = new LineSplitter();
  private final byte[] buffer = new byte[64 * 1024];
  private boolean first = true;

  LogTail(Path path, int tail) throws IOException {
    this.file = new RandomAccessFile(path.toFile(), "r");
    this.tail = tail;
  }

  /** The whole lines written since the last read. */
  List<byte[]> read() throws IOException {
    boolean skipPartial = false;
    if (first && tail >= 0 && file.length() > TAIL_WINDOW_BYTES) {
      file.seek(file.length() - TAIL_WINDOW_BYTES);
      skipPartial = true;
    }
    List<byte[]> lines = new ArrayList<>();
    int n;
    while ((n = file.read(buffer)) > 0) {
      lines.addAll(splitter.feed(buffer, 0, n));
    }
    if (skipPartial && !lines.isEmpty()) {
      lines.remove(0);
    }
    if (first) {
      first = false;
      return LineSplitter.last(lines, tail);
    }
    return lines;
  }

  /** The last line, if the file does not end with a line end. */
  List<byte[]> rest() {
    return splitter.rest();
  }

  @Override
  public void close() throws IOException {
    file.close();
  }
}
