package dev.weft.agent.kernel;

/** A kernel tool refused; the message holds the command and what the tool printed. */
public final class KernelException extends RuntimeException {
  private final String toolOutput;

  public KernelException(String message, String toolOutput) {
    super(message + (toolOutput.isBlank() ? "" : ": " + toolOutput.strip()));
    this.toolOutput = toolOutput;
  }

  public String toolOutput() {
    return toolOutput;
  }
}
