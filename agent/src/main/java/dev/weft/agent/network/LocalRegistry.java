package dev.weft.agent.network;

import dev.weft.proto.Container;
import dev.weft.proto.LocalNetwork;
import dev.weft.proto.LocalState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * What the daemon has created locally — networks and containers — kept in memory and saved to
 * {@code <data-root>/local/state.pb} after every change (written to a temporary file and renamed).
 * Not thread-safe: the local services hold {@link #lock()} around every read-modify-write.
 */
public final class LocalRegistry {
  static final int FORMAT = 1;

  private final Path file;
  private final RandomGenerator random;
  private final Object lock = new Object();
  private final Map<String, LocalNetwork> networks = new LinkedHashMap<>();
  private final Map<String, Container> containers = new LinkedHashMap<>();

  public LocalRegistry(Path dataRoot, RandomGenerator random) {
    this.file = dataRoot.resolve("local").resolve("state.pb");
    this.random = random;
    load();
  }

  public Object lock() {
    return lock;
  }

  private void load() {
    if (!Files.exists(file)) {
      return;
    }
    try {
      LocalState state = LocalState.parseFrom(Files.readAllBytes(file));
      if (state.getFormatVersion() != FORMAT) {
        throw new IllegalStateException(file + " has format " + state.getFormatVersion() + ", expected " + FORMAT);
      }
      state.getNetworksList().forEach(n -> networks.put(n.getId(), n));
      state.getContainersList().forEach(c -> containers.put(c.getId(), c));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  public void save() {
    LocalState state = LocalState.newBuilder().setFormatVersion(FORMAT)
        .addAllNetworks(networks.values()).addAllContainers(containers.values()).build();
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling("state.pb.tmp");
      Files.write(tmp, state.toByteArray());
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** A new 64-hex-digit id, as Docker's. */
  public String newId() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  public Collection<LocalNetwork> networks() {
    return List.copyOf(networks.values());
  }

  public Collection<Container> containers() {
    return List.copyOf(containers.values());
  }

  public void put(LocalNetwork network) {
    networks.put(network.getId(), network);
  }

  public void removeNetwork(String id) {
    networks.remove(id);
  }

  public void put(Container container) {
    containers.put(container.getId(), container);
  }

  public void removeContainer(String id) {
    containers.remove(id);
  }

  public Optional<LocalNetwork> networkById(String id) {
    return Optional.ofNullable(networks.get(id));
  }

  /** By full id, name, or unique id prefix, as Docker resolves networks. */
  public LocalNetwork network(String ref) {
    return resolve(ref, networks.values(), LocalNetwork::getId, n -> n.getSpec().getName(), "network");
  }

  /** By full id, name, or unique id prefix. */
  public Container container(String ref) {
    return resolve(ref, containers.values(), Container::getId, c -> c.getSpec().getName(), "container");
  }

  public Optional<Container> containerByName(String name) {
    return containers.values().stream().filter(c -> c.getSpec().getName().equals(name)).findFirst();
  }

  private static <T> T resolve(String ref, Collection<T> all, Function<T, String> id, Function<T, String> name,
      String kind) {
    if (ref == null || ref.isBlank()) {
      throw new IllegalArgumentException("no " + kind + " given");
    }
    List<T> matches = new ArrayList<>();
    for (T t : all) {
      if (id.apply(t).equals(ref) || name.apply(t).equals(ref)) {
        return t;
      }
      if (id.apply(t).startsWith(ref)) {
        matches.add(t);
      }
    }
    if (matches.size() == 1) {
      return matches.get(0);
    }
    if (matches.size() > 1) {
      throw new IllegalArgumentException(kind + " " + ref + " is ambiguous (" + matches.size() + " matches)");
    }
    throw new NotFoundException("No such " + kind + ": " + ref);
  }

  /** Something named by the user does not exist. */
  public static final class NotFoundException extends IllegalArgumentException {
    public NotFoundException(String message) {
      super(message);
    }
  }
}
