package dev.weft.lab;

import java.nio.file.Path;

/**
 * {@code deploy/lab.sh up [N]}: starts the lab named {@code weft-lab} with N hosts (default 3)
 * running weftd, and leaves it running for {@code lab.sh exec/down}.
 */
public final class LabMain {
  private LabMain() {}

  public static void main(String[] args) {
    if (args.length < 1 || !args[0].equals("up")) {
      System.err.println("usage: LabMain up [N]");
      System.exit(2);
    }
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    if (count < 1 || count > 9) {
      System.err.println("lab: N must be 1-9");
      System.exit(2);
    }
    Path repo = Path.of(System.getProperty("weft.repo", ".")).toAbsolutePath();
    Lab lab = Lab.start(repo, "weft-lab", count, 0, "", true);
    for (String host : lab.hostNames()) {
      System.out.println(host + " " + lab.address(host));
    }
    lab.detach();
    System.exit(0);
  }
}
