package dev.weft.lab;

import java.nio.file.Path;
import java.util.List;

/** The private Docker engine the lab runs on (deploy/engine.sh). */
final class Engine {
  /** Where deploy/engine.sh serves the engine; DOCKER_HOST must point here. */
  static final String SOCKET = "unix:///run/weft-engine/docker.sock";

  private Engine() {}

  /** Starts the engine unless it answers; fails when DOCKER_HOST points elsewhere. */
  static void ensureRunning(Path repo) {
    String dockerHost = System.getenv("DOCKER_HOST");
    if (dockerHost == null || !dockerHost.equals(SOCKET)) {
      throw new IllegalStateException("DOCKER_HOST must be " + SOCKET + " (eval \"$(deploy/engine.sh env)\"); it is "
          + dockerHost);
    }
    Shell.run(repo, 300, List.of("bash", "deploy/engine.sh", "start"));
  }
}
