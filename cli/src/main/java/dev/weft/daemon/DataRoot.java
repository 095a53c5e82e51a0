package dev.weft.daemon;

import dev.weft.proto.LocalNodeState;
import dev.weft.security.NodeCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The daemon's files under {@code --data-root}: {@code swarm/state.pb} (the node's swarm
 * membership), {@code swarm/certificates/} (key, certificate, root CA) and {@code swarm/raft/}.
 * Files are written to a temporary name and renamed, so a crash never leaves half a file.
 */
final class DataRoot {
  private final Path root;

  DataRoot(Path root) {
    this.root = root;
  }

  void create() throws IOException {
    Files.createDirectories(root);
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
  }

  Path path() {
    return root;
  }

  Path swarmDir() {
    return root.resolve("swarm");
  }

  Path raftDir() {
    return swarmDir().resolve("raft");
  }

  private Path certDir() {
    return swarmDir().resolve("certificates");
  }

  Optional<LocalNodeState> loadState() {
    Path file = swarmDir().resolve("state.pb");
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalNodeState.parseFrom(Files.readAllBytes(file)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  void saveState(LocalNodeState state) {
    write(swarmDir().resolve("state.pb"), state.toByteArray());
  }

  Optional<NodeCredentials> loadCredentials() {
    Path dir = certDir();
    if (!Files.exists(dir.resolve("node.crt"))) {
      return Optional.empty();
    }
    try {
      return Optional.of(new NodeCredentials(
          Files.readString(dir.resolve("node.key")),
          Files.readString(dir.resolve("node.crt")),
          Files.readString(dir.resolve("ca.crt"))));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the node's certificates in " + dir + ": " + e.getMessage(), e);
    }
  }

  void saveCredentials(NodeCredentials credentials) {
    write(certDir().resolve("node.key"), credentials.keyPem().getBytes(StandardCharsets.US_ASCII));
    write(certDir().resolve("node.crt"), credentials.certPem().getBytes(StandardCharsets.US_ASCII));
    write(certDir().resolve("ca.crt"), credentials.caCertPem().getBytes(StandardCharsets.US_ASCII));
  }

  /** Forgets the swarm: state, certificates and Raft storage. */
  void deleteSwarm() {
    deleteTree(swarmDir());
  }

  void deleteRaft() {
    deleteTree(raftDir());
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir + ": " + e.getMessage(), e);
    }
  }

  private static void write(Path file, byte[] bytes) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.write(tmp, bytes);
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The gossip incarnation for this start: one more than the last start's, persisted before it is
   * used, so a restarted node's endpoint versions always supersede those of its earlier life.
   */
  long nextIncarnation() {
    Path file = root.resolve("gossip-incarnation");
    long last = 0;
    try {
      if (java.nio.file.Files.exists(file)) {
        last = Long.parseLong(java.nio.file.Files.readString(file).trim());
      }
    } catch (java.io.IOException | NumberFormatException e) {
      throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
    }
    long next = last + 1;
    write(file, Long.toString(next).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return next;
  }
}
