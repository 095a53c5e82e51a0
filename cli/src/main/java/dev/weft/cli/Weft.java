package dev.weft.cli;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code weft}: the command line. */
@Command(name = "weft", mixinStandardHelpOptions = true, version = "weft 0.1.0",
    description = "Swarm-style overlay networking for Linux hosts.",
    subcommands = {SwarmCommand.class, NodeCommand.class, ServiceCommand.class, InfoCommand.class, NetworkCommand.class,
        ContainerCommand.class, RunCommand.class, Ps.class, StopCommand.class, StartCommand.class, RmCommand.class,
        ExecCommand.class, Logs.class, InspectCommand.class})
public final class Weft {
  @Option(names = {"-H", "--host"}, scope = ScopeType.INHERIT,
      description = "Daemon socket, unix://PATH (default: $WEFT_HOST or " + DaemonClient.DEFAULT_HOST + ")")
  String host;

  DaemonClient connect() {
    return new DaemonClient(host != null ? host : DaemonClient.defaultHost());
  }

  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new Weft());
    // After the container (exec) or the first word of the command (run), every word is the
    // command's, options included: `weft exec c1 ping -c 2 c2` works with or without "--".
    cli.getSubcommands().get("service").getSubcommands().get("create").setStopAtPositional(true);
    for (String verb : new String[] {"run", "exec"}) {
      cli.getSubcommands().get(verb).setStopAtPositional(true);
      cli.getSubcommands().get("container").getSubcommands().get(verb).setStopAtPositional(true);
    }
    cli.setOut(out).setErr(err).setParameterExceptionHandler((ex, a) -> {
          ex.getCommandLine().getErr().println("Error: " + ex.getMessage());
          ex.getCommandLine().getErr().println("See '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
          return 1;
        })
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          cmd.getErr().println(message(e));
          cmd.getErr().flush();
          return 1;
        });
    return cli.execute(args);
  }

  static String message(Exception e) {
    if (e instanceof StatusRuntimeException s) {
      Status status = s.getStatus();
      if (status.getCode() == Status.Code.UNAVAILABLE && status.getDescription() == null) {
        return "Error: the weft daemon did not answer (" + status.getCode() + "). Is weftd running?";
      }
      return "Error response from daemon: " + (status.getDescription() != null ? status.getDescription()
          : status.getCode().toString());
    }
    if (e instanceof DaemonClient.DaemonUnreachableException || e instanceof IllegalArgumentException) {
      return e.getMessage();
    }
    return "Error: " + e;
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    int code = run(args, out, err);
    out.flush();
    err.flush();
    System.exit(code);
  }
}
