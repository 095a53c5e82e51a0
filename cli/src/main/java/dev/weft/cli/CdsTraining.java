package dev.weft.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import picocli.CommandLine;

/**
 * Fills the CLI's class-data archive. The JVM writes the archive once, at the exit of the call
 * that found none (bin/weft, weft-java), with the classes that call loaded, and never adds to it:
 * made by {@code swarm init}, it left {@code service ls} ~0.05 s and {@code service inspect} more
 * to load from the jars on every call. So that call, told by {@link #PROPERTY}, also loads every
 * class of the CLI, of the local socket's client and of the API's messages, builds every command's
 * model and writes JSON once.
 */
final class CdsTraining {
  /** Set (to true) by weft-java when this call's exit writes the archive. */
  static final String PROPERTY = "weft.cds.training";
  /** The packages loaded whole, as jar entry prefixes. */
  static final List<String> PACKAGES = List.of("dev/weft/cli/", "dev/weft/localapi/", "dev/weft/proto/");

  private CdsTraining() {}

  static boolean asked() {
    return Boolean.getBoolean(PROPERTY);
  }

  /** Loads what any command may need; returns how many classes it loaded. Best effort: never fails the call. */
  static int load() {
    int loaded = 0;
    try {
      java.util.Set<Path> locations = new java.util.LinkedHashSet<>(); // the CLI's jar holds localapi too
      for (Class<?> anchor : List.of(Weft.class, dev.weft.localapi.LocalChannel.class, dev.weft.proto.Service.class)) {
        locations.add(Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI()));
      }
      for (Path location : locations) {
        loaded += loadPackages(location);
      }
      CommandLine all = new CommandLine(new Weft());
      Weft.COMMANDS.forEach(all::addSubcommand);
      all.usage(new PrintWriter(new StringWriter()));
      ObjectNode sample = NodeText.JSON.createObjectNode().put("Name", "x").put("Replicas", 1).put("Internal", false);
      sample.putArray("Ports").addObject().put("PublishedPort", 8080);
      NodeText.JSON.writeValueAsString(List.of(sample, java.util.Map.of("a", List.of(1L, 2.5))));
    } catch (IOException | URISyntaxException | RuntimeException | LinkageError e) {
      // An archive with fewer classes is still an archive.
    }
    return loaded;
  }

  private static int loadPackages(Path location) throws IOException {
    List<String> names = new java.util.ArrayList<>();
    if (java.nio.file.Files.isDirectory(location)) { // classes directories, in tests
      for (String p : PACKAGES) {
        Path dir = location.resolve(p);
        if (java.nio.file.Files.isDirectory(dir)) {
          try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir)) {
            files.forEach(f -> names.add(p + f.getFileName()));
          }
        }
      }
    } else {
      try (JarFile jar = new JarFile(location.toFile())) {
        jar.stream().map(JarEntry::getName).forEach(names::add);
      }
    }
    int loaded = 0;
    ClassLoader loader = CdsTraining.class.getClassLoader();
    for (String name : names) {
      if (name.endsWith(".class") && !name.endsWith("module-info.class")
          && PACKAGES.stream().anyMatch(p -> name.startsWith(p) && name.indexOf('/', p.length()) < 0)) {
        try {
          Class.forName(name.substring(0, name.length() - ".class".length()).replace('/', '.'), false, loader);
          loaded++;
        } catch (ClassNotFoundException | LinkageError skipped) {
          // not loadable here: not needed by any command either
        }
      }
    }
    return loaded;
  }
}
