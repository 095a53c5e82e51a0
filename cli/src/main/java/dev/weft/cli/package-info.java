/**
 * The {@code weft} CLI: one class per verb, each of which only builds a request, calls the local
 * daemon over its unix socket ({@link dev.weft.cli.DaemonClient}) and prints the answer in
 * Docker's shapes (tables for {@code ls}, JSON for {@code inspect} and {@code --format json}).
 * Errors go to stderr with exit code 1.
 */
package dev.weft.cli;
