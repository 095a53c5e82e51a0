/**
 * The multi-host lab: every weft node is a real host — a container with its own network stack on
 * a private Docker engine ({@code deploy/engine.sh}), started through Testcontainers from a node
 * image built locally ({@code deploy/node-image.sh}). The same {@link dev.weft.lab.Lab} serves
 * {@code deploy/lab.sh} and the chaos tests, so what the demo shows is what the tests check.
 *
 * <p>Conventions shared with {@code deploy/lab.sh}: a lab named L has containers {@code L-h1} …
 * {@code L-hN} (hostnames h1 … hN) on the docker network {@code L} (a /24 in 198.18.0.0/17),
 * labelled {@code weft.lab=L}; each host's {@code /run/weft} is bind-mounted from
 * {@code /run/weft-lab/L/hK}, so the daemon's unix socket is reachable from this machine too.
 * Every weftd is configured with address pools inside 198.18.0.0/15 only.
 */
package dev.weft.lab;
