package dev.weft.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Finds the root {@link Weft} command (for -H) from any subcommand. */
final class Commands {
  private Commands() {}

  static Weft weft(CommandSpec spec) {
    CommandLine line = spec.commandLine();
    while (line.getParent() != null) {
      line = line.getParent();
    }
    return line.getCommand();
  }
}
