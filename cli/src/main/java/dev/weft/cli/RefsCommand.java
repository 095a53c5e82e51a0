package dev.weft.cli;

import dev.weft.proto.ContainerRefs;
import dev.weft.proto.RefsResponse;
import java.util.List;
import java.util.function.BiFunction;
import picocli.CommandLine.Model.CommandSpec;

/** Shared by stop, start and rm: one request for all containers, each done one printed. */
final class RefsCommand {
  private RefsCommand() {}

  static int apply(CommandSpec spec, List<String> refs, boolean force,
      BiFunction<DaemonClient, ContainerRefs, RefsResponse> call) {
    try (DaemonClient daemon = Commands.weft(spec).connect()) {
      RefsResponse r = call.apply(daemon, ContainerRefs.newBuilder().addAllRefs(refs).setForce(force).build());
      r.getDoneList().forEach(spec.commandLine().getOut()::println);
      r.getErrorsList().forEach(e -> spec.commandLine().getErr().println("Error response from daemon: " + e));
      return r.getErrorsCount() == 0 ? 0 : 1;
    }
  }
}
