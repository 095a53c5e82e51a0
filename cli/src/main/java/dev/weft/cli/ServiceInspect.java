package dev.weft.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.proto.PortConfig;
import dev.weft.proto.PublishMode;
import dev.weft.proto.Service;
import dev.weft.proto.ServiceLookup;
import dev.weft.proto.ServiceNetwork;
import dev.weft.proto.VirtualIp;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "inspect", mixinStandardHelpOptions = true, description = "Display detailed information on one or more services (JSON).")
final class ServiceInspect implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "SERVICE")
  List<String> refs;

  @Override
  public Integer call() {
    try (DaemonClient daemon = Commands.weft(spec).connect()) {
      ArrayNode all = NodeText.JSON.createArrayNode();
      for (String ref : refs) {
        all.add(json(daemon.control().getService(ServiceLookup.newBuilder().setRef(ref).build())));
      }
      spec.commandLine().getOut().println(all.toPrettyString());
      return 0;
    }
  }

  /** Docker's shape: ID, Version, CreatedAt, Spec {Name, Mode, TaskTemplate, EndpointSpec}, Endpoint. */
  static ObjectNode json(Service s) {
    ObjectNode o = NodeText.JSON.createObjectNode();
    o.put("ID", s.getId());
    o.putObject("Version").put("Index", s.getMeta().getVersion());
    o.put("CreatedAt", Instant.ofEpochMilli(s.getMeta().getCreatedUnixMs()).toString());
    o.put("UpdatedAt", Instant.ofEpochMilli(s.getMeta().getUpdatedUnixMs()).toString());
    ObjectNode sp = o.putObject("Spec");
    sp.put("Name", s.getSpec().getName());
    ObjectNode labels = sp.putObject("Labels");
    s.getSpec().getLabelsMap().forEach(labels::put);
    ObjectNode task = sp.putObject("TaskTemplate");
    ObjectNode container = task.putObject("ContainerSpec");
    s.getSpec().getCommandList().forEach(container.putArray("Command")::add);
    s.getSpec().getEnvList().forEach(container.putArray("Env")::add);
    ArrayNode networks = task.putArray("Networks");
    for (ServiceNetwork n : s.getSpec().getNetworksList()) {
      ObjectNode net = networks.addObject().put("Target", n.getTarget());
      n.getAliasesList().forEach(net.putArray("Aliases")::add);
    }
    ObjectNode mode = sp.putObject("Mode");
    if (s.getSpec().hasGlobal()) {
      mode.putObject("Global");
    } else {
      mode.putObject("Replicated").put("Replicas", s.getSpec().getReplicated().getReplicas());
    }
    sp.putObject("UpdateConfig").put("Parallelism", s.getSpec().getUpdateParallelism());
    ObjectNode endpointSpec = sp.putObject("EndpointSpec");
    String endpointMode = s.getSpec().getEndpoint().getMode() == dev.weft.proto.EndpointMode.ENDPOINT_MODE_DNSRR
        ? "dnsrr" : "vip";
    endpointSpec.put("Mode", endpointMode);
    ports(endpointSpec.putArray("Ports"), s.getSpec().getEndpoint().getPortsList());
    ObjectNode endpoint = o.putObject("Endpoint");
    endpoint.putObject("Spec").put("Mode", endpointMode);
    ports(endpoint.putArray("Ports"), s.getPortsList());
    ArrayNode vips = endpoint.putArray("VirtualIPs");
    for (VirtualIp v : s.getVirtualIpsList()) {
      vips.addObject().put("NetworkID", v.getNetworkId()).put("Addr", v.getAddress());
    }
    return o;
  }

  private static void ports(ArrayNode out, List<PortConfig> ports) {
    for (PortConfig p : ports) {
      ObjectNode port = out.addObject().put("Protocol", p.getProtocol()).put("TargetPort", p.getTargetPort());
      if (p.getPublishedPort() != 0) {
        port.put("PublishedPort", p.getPublishedPort());
      }
      port.put("PublishMode", p.getPublishMode() == PublishMode.PUBLISH_MODE_HOST ? "host" : "ingress");
    }
  }
}
