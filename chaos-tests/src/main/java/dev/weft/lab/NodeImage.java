package dev.weft.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The node image, built from the distribution by deploy/node-image.sh (cached by content). */
final class NodeImage {
  private NodeImage() {}

  static String build(Path repo) {
    Path dist = repo.resolve("cli/target/weft");
    if (!Files.isExecutable(dist.resolve("bin/weftd"))) {
      throw new IllegalStateException("no weft distribution at " + dist + ": build it first (mvn package)");
    }
    String out = Shell.run(repo, 900, List.of("bash", "deploy/node-image.sh", dist.toString())).strip();
    return out.substring(out.lastIndexOf('\n') + 1).strip();
  }
}
