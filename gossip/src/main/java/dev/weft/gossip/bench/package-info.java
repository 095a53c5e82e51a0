/**
 * Benchmarks runnable as plain {@code main} classes, for the benchmark scripts: they start real
 * gossip nodes in one JVM on 127.0.0.1, measure, print percentiles and stop by themselves. Not
 * used by weft itself.
 */
package dev.weft.gossip.bench;
