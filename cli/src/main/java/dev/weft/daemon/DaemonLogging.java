package dev.weft.daemon;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/**
 * The daemon's log: one line per event, {@code time level [node id] logger: message}, on stderr.
 * The node id is a logback context property, set when it becomes known (init, join, restart).
 */
final class DaemonLogging {
  /** Held so the level set on it is not lost when java.util.logging drops unreferenced loggers. */
  private static final java.util.logging.Logger RATIS_GRPC = java.util.logging.Logger.getLogger("org.apache.ratis.thirdparty");

  private DaemonLogging() {}

  static void configure(String level) {
    Level parsed = Level.toLevel(level, null);
    if (parsed == null) {
      throw new IllegalArgumentException("unknown --log-level '" + level + "': use debug, info, warn or error");
    }
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(parsed);
    context.getLogger("dev.weft").setLevel(parsed);
    context.putProperty("node", "-");
    // Quiet the shaded gRPC that Ratis uses (java.util.logging) unless debugging.
    RATIS_GRPC.setLevel(parsed.toInt() <= Level.DEBUG_INT ? java.util.logging.Level.FINE : java.util.logging.Level.SEVERE);
  }

  static void setNode(String nodeId) {
    ((LoggerContext) LoggerFactory.getILoggerFactory()).putProperty("node", nodeId.substring(0, Math.min(12, nodeId.length())));
  }
}
