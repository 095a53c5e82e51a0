package dev.weft.cli;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code weft}: the command line. */
@Command(name = "weft", mixinStandardHelpOptions = true, version = "weft 0.1.0",
    description = "Swarm-style overlay networking for Linux hosts.")
public final class Weft {
  /** The top-level commands, in the order help lists them. */
  static final List<Class<?>> COMMANDS = List.of(SwarmCommand.class, NodeCommand.class, ServiceCommand.class,
      InfoCommand.class, NetworkCommand.class, ContainerCommand.class, RunCommand.class, Ps.class, StopCommand.class,
      StartCommand.class, RmCommand.class, ExecCommand.class, Logs.class, InspectCommand.class);

  @Option(names = {"-H", "--host"}, scope = ScopeType.INHERIT,
      description = "Daemon socket, unix://PATH (default: $WEFT_HOST or " + DaemonClient.DEFAULT_HOST + ")")
  String host;

  DaemonClient connect() {
    return new DaemonClient(host != null ? host : DaemonClient.defaultHost());
  }

  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new Weft());
    // Every call is a JVM start, and picocli's model of all ~50 commands took ~0.1 s of it: only
    // the command named is built, unless none is (help, a typo: then all, for the listing).
    List<Class<?>> named = COMMANDS.stream().filter(c -> names(c).contains(firstWord(args))).toList();
    (named.isEmpty() ? COMMANDS : named).forEach(cli::addSubcommand);
    // After the container (exec) or the first word of the command (run), every word is the
    // command's, options included: `weft exec c1 ping -c 2 c2` works with or without "--".
    stopAtPositional(cli, "service", "create");
    for (String verb : new String[] {"run", "exec"}) {
      stopAtPositional(cli, verb);
      stopAtPositional(cli, "container", verb);
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

  /** The names a top-level command answers to. */
  static List<String> names(Class<?> command) {
    Command c = command.getAnnotation(Command.class);
    List<String> names = new java.util.ArrayList<>(List.of(c.aliases()));
    names.add(0, c.name());
    return names;
  }

  /** The first word that is not the root's option or its value: the command's name, or null. */
  static String firstWord(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("-H") || a.equals("--host")) {
        i++;
      } else if (!a.startsWith("-")) {
        return a;
      } else if (!a.startsWith("-H") && !a.startsWith("--host=")) {
        return null; // --help, --version, or an unknown option: picocli answers with every command known
      }
    }
    return null;
  }

  private static void stopAtPositional(CommandLine cli, String... path) {
    CommandLine c = cli;
    for (String name : path) {
      c = c.getSubcommands().get(name);
      if (c == null) {
        return; // not built for this call
      }
    }
    c.setStopAtPositional(true);
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
    if (CdsTraining.asked()) {
      CdsTraining.load(); // after the output: the user has the answer while the archive is written
    }
    System.exit(code);
  }
}
