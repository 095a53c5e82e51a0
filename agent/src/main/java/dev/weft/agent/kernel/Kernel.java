package dev.weft.agent.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Applies planned changes with {@code ip} and {@code nft}, and reads back what the kernel holds. */
public final class Kernel {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path NETNS_DIR = Path.of("/var/run/netns");
  private final CommandRunner runner;

  public Kernel(CommandRunner runner) {
    this.runner = runner;
  }

  /** Runs {@code ip -batch -} (in {@code netns} when not null); every line or none is attempted. */
  public void ipBatch(String netns, List<String> lines) {
    if (lines.isEmpty()) {
      return;
    }
    List<String> argv = netns == null ? List.of("ip", "-batch", "-") : List.of("ip", "-n", netns, "-batch", "-");
    CommandRunner.Result r = runner.run(argv, String.join("\n", lines) + "\n");
    if (!r.ok()) {
      throw new KernelException("ip " + (netns == null ? "" : "-n " + netns + " ") + "refused "
          + String.join(" | ", lines), r.stderr() + r.stdout());
    }
  }

  public void addNetns(String name) {
    check(List.of("ip", "netns", "add", name), "creating network namespace " + name);
  }

  public void deleteNetns(String name) {
    CommandRunner.Result r = runner.run(List.of("ip", "netns", "del", name), "");
    if (!r.ok() && !r.stderr().contains("No such file")) {
      throw new KernelException("deleting network namespace " + name, r.stderr());
    }
  }

  /**
   * Whether a named network namespace exists: its file under {@code /var/run/netns}, where
   * {@code ip netns add} binds it; read without starting a process.
   */
  public boolean netnsExists(String name) {
    return Files.exists(NETNS_DIR.resolve(name));
  }

  public List<String> netnsNames() {
    CommandRunner.Result r = runner.run(List.of("ip", "-j", "netns", "list"), "");
    List<String> names = new ArrayList<>();
    if (!r.ok() || r.stdout().isBlank()) {
      return names;
    }
    for (JsonNode n : parse(r.stdout())) {
      names.add(n.path("name").asText());
    }
    return names;
  }

  /** Interface names in the host namespace. */
  public List<String> linkNames() {
    List<String> names = new ArrayList<>();
    for (JsonNode n : parse(check(List.of("ip", "-j", "link", "show"), "listing links"))) {
      names.add(n.path("ifname").asText());
    }
    return names;
  }

  public boolean linkExists(String name) {
    return runner.run(List.of("ip", "link", "show", "dev", name), "").ok();
  }

  public void deleteLink(String name) {
    CommandRunner.Result r = runner.run(List.of("ip", "link", "del", "dev", name), "");
    if (!r.ok() && !r.stderr().contains("Cannot find device")) {
      throw new KernelException("deleting link " + name, r.stderr());
    }
  }

  /** MTU of an interface in the host namespace. */
  public int mtu(String name) {
    JsonNode links = parse(check(List.of("ip", "-j", "link", "show", "dev", name), "reading " + name));
    return links.get(0).path("mtu").asInt();
  }

  /** Runs {@code bridge -n NETNS -batch -} (FDB entries); every line or none is attempted. */
  public void bridgeBatch(String netns, List<String> lines) {
    if (lines.isEmpty()) {
      return;
    }
    CommandRunner.Result r = runner.run(List.of("bridge", "-n", netns, "-batch", "-"), String.join("\n", lines) + "\n");
    if (!r.ok()) {
      throw new KernelException("bridge -n " + netns + " refused " + String.join(" | ", lines), r.stderr() + r.stdout());
    }
  }

  /**
   * Runs a read-only {@code ip -j} / {@code bridge -j} command and parses its JSON; a command that
   * fails (a missing device or namespace) reads as an empty list.
   */
  public JsonNode readJson(List<String> argv) {
    CommandRunner.Result r = runner.run(argv, "");
    return r.ok() ? parse(r.stdout()) : parse("[]");
  }

  /** The MTU of the host interface that holds {@code address}, or -1 when none does. */
  public int mtuOfAddress(String address) {
    for (JsonNode link : parse(check(List.of("ip", "-j", "addr", "show"), "listing addresses"))) {
      for (JsonNode a : link.path("addr_info")) {
        if (address.equals(a.path("local").asText())) {
          return link.path("mtu").asInt();
        }
      }
    }
    return -1;
  }

  /** Applies an nftables script atomically ({@code nft -f -}). */
  public void nft(String script) {
    CommandRunner.Result r = runner.run(List.of("nft", "-f", "-"), script);
    if (!r.ok()) {
      throw new KernelException("nft refused the ruleset", r.stderr());
    }
  }

  /** Applies an nftables script inside a network namespace. */
  public void nftIn(String netns, String script) {
    nftIn(netns, Map.of(), script);
  }

  /**
   * Writes sysctls in a network namespace and applies an nftables script there, in one process
   * ({@code ip netns exec NS sh -c 'echo V > /proc/sys/K … && exec nft -f -'}): a container's
   * start pays for one spawn instead of two.
   */
  public void nftIn(String netns, Map<String, String> sysctls, String script) {
    List<String> argv = sysctls.isEmpty() ? List.of("ip", "netns", "exec", netns, "nft", "-f", "-")
        : List.of("ip", "netns", "exec", netns, "sh", "-c", afterSysctls(sysctls, "nft -f -"));
    CommandRunner.Result r = runner.run(argv, script);
    if (!r.ok()) {
      throw new KernelException("nft refused the ruleset in " + netns, r.stderr());
    }
  }

  /**
   * Writes sysctls in the host namespace and then runs {@code ip -batch -} there, in one process
   * ({@code sh -c 'echo V > /proc/sys/K … && exec ip -batch -'}); the sysctls may name interfaces
   * that already exist, the lines are as for {@link #ipBatch}.
   */
  public void ipBatchAfterSysctls(Map<String, String> sysctls, List<String> lines) {
    CommandRunner.Result r = runner.run(List.of("sh", "-c", afterSysctls(sysctls, "ip -batch -")),
        String.join("\n", lines) + "\n");
    if (!r.ok()) {
      throw new KernelException("setting " + new java.util.TreeMap<>(sysctls) + " or ip refused "
          + String.join(" | ", lines), r.stderr() + r.stdout());
    }
  }

  /**
   * A shell command that writes each sysctl under /proc/sys, then execs {@code command}; keys
   * and values are checked first, since they end up in the shell's text.
   */
  private static String afterSysctls(Map<String, String> sysctls, String command) {
    StringBuilder sh = new StringBuilder();
    new java.util.TreeMap<>(sysctls).forEach((key, value) -> {
      if (!key.matches("[a-z0-9_-]+(\\.[a-z0-9_-]+)+") || !value.matches("[0-9]+")) {
        throw new IllegalArgumentException("not a sysctl: " + key + "=" + value);
      }
      sh.append("echo ").append(value).append(" > /proc/sys/").append(key.replace('.', '/')).append(" && ");
    });
    return sh.append("exec ").append(command).toString();
  }

  public void deleteNftTable(String family, String table) {
    runner.run(List.of("nft", "delete", "table", family, table), "");
  }

  public boolean nftTableExists(String family, String table) {
    return runner.run(List.of("nft", "list", "table", family, table), "").ok();
  }

  /** Writes a sysctl in the host namespace, or in {@code netns}. */
  public void sysctl(String netns, String key, String value) {
    List<String> argv = new ArrayList<>();
    if (netns != null) {
      argv.addAll(List.of("ip", "netns", "exec", netns));
    }
    argv.addAll(List.of("sysctl", "-q", "-w", key + "=" + value));
    CommandRunner.Result r = runner.run(argv, "");
    if (!r.ok() && netns == null) {
      // No sysctl binary: write /proc/sys directly (host namespace only).
      try {
        Files.writeString(Path.of("/proc/sys", key.replace('.', '/')), value);
      } catch (IOException e) {
        throw new KernelException("setting " + key + "=" + value, r.stderr() + e.getMessage());
      }
    } else if (!r.ok()) {
      throw new KernelException("setting " + key + "=" + value + " in " + netns, r.stderr());
    }
  }

  private String check(List<String> argv, String what) {
    CommandRunner.Result r = runner.run(argv, "");
    if (!r.ok()) {
      throw new KernelException(what, r.stderr());
    }
    return r.stdout();
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json.isBlank() ? "[]" : json);
    } catch (IOException e) {
      throw new KernelException("unreadable output of ip -j", json);
    }
  }
}
