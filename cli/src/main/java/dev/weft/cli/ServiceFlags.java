package dev.weft.cli;

import dev.weft.proto.PortConfig;
import dev.weft.proto.PublishMode;
import dev.weft.proto.Service;
import dev.weft.proto.ServiceNetwork;
import dev.weft.proto.ServiceSpec;
import dev.weft.proto.Task;
import dev.weft.proto.TaskState;
import java.util.ArrayList;
import java.util.List;

/**
 * Docker's service flags as weft reads them: {@code --publish published=P,target=T[,protocol=][,mode=]}
 * or {@code -p [P:]T[/proto]}, {@code --network NET} or {@code name=NET,alias=A}, and how a
 * service's ports and replicas are shown. Pure; a bad flag is an {@link IllegalArgumentException}
 * naming it.
 */
final class ServiceFlags {
  private ServiceFlags() {}

  static PortConfig publish(String flag) {
    PortConfig.Builder p = PortConfig.newBuilder().setProtocol("tcp");
    if (flag.contains("=")) {
      for (String part : flag.split(",")) {
        int eq = part.indexOf('=');
        if (eq < 1) {
          throw new IllegalArgumentException("invalid --publish '" + flag + "': expected key=value pairs");
        }
        String key = part.substring(0, eq).trim();
        String value = part.substring(eq + 1).trim();
        switch (key) {
          case "published", "published_port" -> p.setPublishedPort(port(value, flag));
          case "target", "target_port" -> p.setTargetPort(port(value, flag));
          case "protocol" -> p.setProtocol(value);
          case "mode" -> p.setPublishMode(switch (value) {
            case "ingress" -> PublishMode.PUBLISH_MODE_INGRESS;
            case "host" -> PublishMode.PUBLISH_MODE_HOST;
            default -> throw new IllegalArgumentException("invalid --publish mode '" + value + "': use ingress or host");
          });
          default -> throw new IllegalArgumentException("invalid --publish key '" + key
              + "': use published, target, protocol or mode");
        }
      }
      if (p.getTargetPort() == 0) {
        throw new IllegalArgumentException("invalid --publish '" + flag + "': target= is required");
      }
      return p.build();
    }
    String ports = flag;
    int slash = flag.indexOf('/');
    if (slash >= 0) {
      p.setProtocol(flag.substring(slash + 1));
      ports = flag.substring(0, slash);
    }
    int colon = ports.indexOf(':');
    if (colon >= 0) {
      p.setPublishedPort(port(ports.substring(0, colon), flag));
      p.setTargetPort(port(ports.substring(colon + 1), flag));
    } else {
      p.setTargetPort(port(ports, flag));
    }
    return p.build();
  }

  static ServiceNetwork network(String flag) {
    if (!flag.contains("=")) {
      return ServiceNetwork.newBuilder().setTarget(flag).build();
    }
    ServiceNetwork.Builder n = ServiceNetwork.newBuilder();
    for (String part : flag.split(",")) {
      int eq = part.indexOf('=');
      String key = eq < 0 ? part : part.substring(0, eq);
      String value = eq < 0 ? "" : part.substring(eq + 1);
      switch (key) {
        case "name", "target" -> n.setTarget(value);
        case "alias" -> n.addAliases(value);
        default -> throw new IllegalArgumentException("invalid --network key '" + key + "': use name and alias");
      }
    }
    if (n.getTarget().isEmpty()) {
      throw new IllegalArgumentException("invalid --network '" + flag + "': name= is required");
    }
    return n.build();
  }

  /** A replica count as given to --replicas or scale; never negative. */
  static long replicas(String value) {
    long replicas;
    try {
      replicas = Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid replicas '" + value + "': expected a number");
    }
    if (replicas < 0) {
      throw new IllegalArgumentException("invalid replicas " + replicas + ": must not be negative");
    }
    return replicas;
  }

  /** The PORTS column: {@code *:8080->80/tcp} per published port, comma separated. */
  static String ports(Service s) {
    List<String> out = new ArrayList<>();
    for (PortConfig p : s.getPortsList()) {
      String host = p.getPublishMode() == PublishMode.PUBLISH_MODE_HOST ? "" : "*";
      out.add(host + ":" + p.getPublishedPort() + "->" + p.getTargetPort() + "/" + p.getProtocol());
    }
    return String.join(", ", out);
  }

  /** The MODE column. */
  static String mode(ServiceSpec spec) {
    return spec.hasGlobal() ? "global" : "replicated";
  }

  /**
   * The REPLICAS column, running/desired: a replicated service wants its replicas, a global one a
   * task on every eligible node.
   */
  static String replicas(ServiceSpec spec, long running, long eligibleNodes) {
    return running + "/" + (spec.hasGlobal() ? eligibleNodes : spec.getReplicated().getReplicas());
  }

  /** A task's name as Docker shows it: SERVICE.SLOT, or SERVICE.NODE for a global service. */
  static String taskName(Service s, Task t) {
    return s.getSpec().getName() + "." + (s.getSpec().hasGlobal() ? t.getNodeId() : Long.toString(t.getSlot()));
  }

  /** A task state as Docker shows it: "Running", "Shutdown". */
  static String state(TaskState st) {
    String name = st.name().substring("TASK_STATE_".length()).toLowerCase(java.util.Locale.ROOT);
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  /** Tasks running and meant to run: the first number of REPLICAS. */
  static long running(List<Task> tasks, String serviceId) {
    return tasks.stream().filter(t -> t.getServiceId().equals(serviceId)
        && t.getDesiredState() == TaskState.TASK_STATE_RUNNING
        && t.getStatus().getState() == TaskState.TASK_STATE_RUNNING).count();
  }

  private static int port(String value, String flag) {
    try {
      int port = Integer.parseInt(value.trim());
      if (port < 0 || port > 65_535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid port '" + value + "' in --publish '" + flag + "': expected 1-65535");
    }
  }
}
