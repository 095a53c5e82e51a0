package dev.weft.cli;

import dev.weft.proto.Empty;
import dev.weft.proto.JoinTokensResponse;
import dev.weft.proto.NodeRole;
import dev.weft.proto.RotateRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "join-token", mixinStandardHelpOptions = true, description = "Manage join tokens.")
final class SwarmJoinToken implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-q", "--quiet"}, description = "Only display token")
  boolean quiet;

  @Option(names = "--rotate", description = "Rotate join token")
  boolean rotate;

  @Parameters(index = "0", paramLabel = "(worker|manager)")
  String role;

  @Override
  public Integer call() {
    NodeRole nodeRole = switch (role) {
      case "worker" -> NodeRole.NODE_ROLE_WORKER;
      case "manager" -> NodeRole.NODE_ROLE_MANAGER;
      default -> throw new IllegalArgumentException("unknown role " + role + ": use worker or manager");
    };
    try (DaemonClient daemon = Commands.weft(spec).connect()) {
      JoinTokensResponse tokens = rotate
          ? daemon.control().rotateJoinToken(RotateRequest.newBuilder().setRole(nodeRole).build())
          : daemon.control().getJoinTokens(Empty.getDefaultInstance());
      String token = nodeRole == NodeRole.NODE_ROLE_MANAGER ? tokens.getTokens().getManager() : tokens.getTokens().getWorker();
      var out = spec.commandLine().getOut();
      if (quiet) {
        out.println(token);
        return 0;
      }
      if (rotate) {
        out.println("Successfully rotated " + role + " join token.");
        out.println();
      }
      out.println("To add a " + role + " to this swarm, run the following command:");
      out.println();
      out.println("    weft swarm join --token " + token + " " + tokens.getManagerAddr());
      out.println();
      return 0;
    }
  }
}
