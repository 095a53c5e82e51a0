package dev.weft.lab;

import java.util.List;
import org.testcontainers.containers.Container.ExecResult;

/** Forms a swarm on lab hosts with the CLI, the way a user would. */
public final class LabSwarm {
  private LabSwarm() {}

  /**
   * {@code weft swarm init} on the first manager, then joins the other managers with the manager
   * token and the workers with the worker token.
   */
  public static void form(Lab lab, List<String> managers, List<String> workers) {
    String first = managers.get(0);
    check(lab.weft(first, "swarm", "init", "--advertise-addr", lab.address(first)), "swarm init on " + first);
    String managerToken = check(lab.weft(first, "swarm", "join-token", "-q", "manager"), "join-token").strip();
    String workerToken = check(lab.weft(first, "swarm", "join-token", "-q", "worker"), "join-token").strip();
    String remote = lab.address(first) + ":2377";
    for (String m : managers.subList(1, managers.size())) {
      check(lab.weft(m, "swarm", "join", "--token", managerToken, remote), "swarm join (manager) on " + m);
    }
    for (String w : workers) {
      check(lab.weft(w, "swarm", "join", "--token", workerToken, remote), "swarm join (worker) on " + w);
    }
  }

  /** The command's stdout; fails with its output when it did not exit 0. */
  public static String check(ExecResult result, String what) {
    if (result.getExitCode() != 0) {
      throw new IllegalStateException(what + " failed (exit " + result.getExitCode() + "): "
          + result.getStdout() + result.getStderr());
    }
    return result.getStdout();
  }
}
