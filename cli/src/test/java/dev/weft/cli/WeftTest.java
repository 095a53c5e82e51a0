package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class WeftTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Weft.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void theCommandIsTheFirstWordThatIsNotTheHostOption() {
    assertEquals("service", Weft.firstWord(new String[] {"service", "create", "--name", "x"}));
    assertEquals("service", Weft.firstWord(new String[] {"-H", "unix:///run/x.sock", "service", "ls"}));
    assertEquals("ps", Weft.firstWord(new String[] {"--host=unix:///run/x.sock", "ps"}));
    assertEquals("ps", Weft.firstWord(new String[] {"-Hunix:///run/x.sock", "ps"}));
    assertNull(Weft.firstWord(new String[] {"--help"}));
    assertNull(Weft.firstWord(new String[] {}));
    assertTrue(Weft.names(Ps.class).containsAll(java.util.List.of("ps", "ls", "list")));
  }

  @Test
  void helpStillListsEveryCommand() {
    assertEquals(0, run("--help"));
    for (Class<?> c : Weft.COMMANDS) {
      assertTrue(out.toString().contains("  " + Weft.names(c).get(0)), Weft.names(c).get(0) + " in:\n" + out);
    }
  }

  @Test
  void aMistypedCommandIsRefusedWithTheUsualMessage() {
    assertEquals(1, run("servic", "ls"));
    assertTrue(err.toString().contains("Unmatched argument") && err.toString().contains("See 'weft --help'"), err.toString());
  }

  @Test
  void aCommandsOwnHelpAndItsFreeArgumentsWork() {
    assertEquals(0, run("service", "create", "--help"));
    assertTrue(out.toString().contains("--replicas"), out.toString());
    assertEquals(0, run("container", "exec", "--help"));
  }

  @Test
  void theArchivesTrainingLoadsEveryCliAndMessageClass() throws Exception {
    long cliClasses;
    try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(java.nio.file.Path.of(
        Weft.class.getProtectionDomain().getCodeSource().getLocation().toURI()).resolve("dev/weft/cli"))) {
      cliClasses = files.filter(f -> f.toString().endsWith(".class")).count();
    }
    int loaded = CdsTraining.load();
    assertTrue(loaded > cliClasses + 500, "loaded " + loaded + " classes; the CLI alone has " + cliClasses
        + " and the API's messages hundreds more");
  }
}
