package dev.weft.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Finds the root {@link Weft} command (for -H) from any subcommand. */
final class Commands {
  private Commands() {}

  /** A command line given after "--" (picocli keeps the "--" once parsing stops at a positional). */
  static java.util.List<String> withoutDashes(java.util.List<String> command) {
    java.util.List<String> rest = !command.isEmpty() && command.get(0).equals("--") ? command.subList(1, command.size()) : command;
    if (rest.isEmpty()) {
      throw new IllegalArgumentException("no command given after --");
    }
    return rest;
  }

  static Weft weft(CommandSpec spec) {
    CommandLine line = spec.commandLine();
    while (line.getParent() != null) {
      line = line.getParent();
    }
    return line.getCommand();
  }
}
