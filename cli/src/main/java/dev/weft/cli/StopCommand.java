package dev.weft.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop one or more running containers (SIGTERM, then SIGKILL after 10s).")
final class StopCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "CONTAINER")
  List<String> refs;

  @Override
  public Integer call() {
    return RefsCommand.apply(spec, refs, false, (d, r) -> d.containers().stop(r));
  }
}
