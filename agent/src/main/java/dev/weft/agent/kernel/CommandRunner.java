package dev.weft.agent.kernel;

import java.util.List;

/** Runs a program to completion. The seam between the agent and the host's tools. */
public interface CommandRunner {
  /** What a finished program returned. */
  record Result(int exitCode, String stdout, String stderr) {
    public boolean ok() {
      return exitCode == 0;
    }
  }

  /** Runs {@code argv} with {@code stdin} (may be empty) and waits for it. */
  Result run(List<String> argv, String stdin);
}
