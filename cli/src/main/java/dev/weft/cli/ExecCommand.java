package dev.weft.cli;

import dev.weft.proto.ContainerRef;
import dev.weft.proto.ExecTarget;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Runs a command in a running container: in its network, UTS and mount namespaces (the last
 * holds its /etc/hosts and /etc/resolv.conf), through {@code nsenter}, with this terminal's
 * input and output. The exit code is the command's.
 */
@Command(name = "exec", mixinStandardHelpOptions = true, description = "Execute a command in a running container.")
final class ExecCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "CONTAINER")
  String ref;

  @Parameters(index = "1..*", arity = "1..*", paramLabel = "COMMAND")
  List<String> command;

  @Override
  public Integer call() throws IOException, InterruptedException {
    ExecTarget target;
    try (DaemonClient daemon = Commands.weft(spec).connect()) {
      target = daemon.containers().exec(ContainerRef.newBuilder().setRef(ref).build());
    }
    // Short options: busybox's nsenter (the lab's node image) knows these too.
    List<String> argv = new ArrayList<>(List.of("nsenter", "-t", Integer.toString(target.getPid()), "-m", "-u", "-n", "--"));
    argv.addAll(Commands.withoutDashes(command));
    return new ProcessBuilder(argv).inheritIO().start().waitFor();
  }
}
