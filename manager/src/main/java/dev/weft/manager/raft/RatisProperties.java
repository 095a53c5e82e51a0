package dev.weft.manager.raft;

import java.nio.file.Path;
import java.security.KeyStore;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import dev.weft.security.NodeCredentials;
import dev.weft.security.Pem;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.GrpcTlsConfig;
import org.apache.ratis.thirdparty.io.netty.handler.ssl.SslProvider;
import org.apache.ratis.proto.RaftProtos.RaftClientRequestProto;
import org.apache.ratis.client.retry.RequestTypeDependentRetryPolicy;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.retry.RetryPolicy;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.TimeDuration;

/** The one place where weft's Raft settings become Ratis configuration keys. */
final class RatisProperties {
  private RatisProperties() {}

  static RaftProperties server(RaftSettings settings, Path storageDir, String bindHost, int port) {
    RaftProperties p = new RaftProperties();
    RaftServerConfigKeys.setStorageDir(p, List.of(storageDir.toFile()));
    GrpcConfigKeys.Server.setHost(p, bindHost);
    GrpcConfigKeys.Server.setPort(p, port);
    RaftServerConfigKeys.LeaderElection.setPreVote(p, true);
    RaftServerConfigKeys.Rpc.setTimeoutMin(p, duration(settings.electionTimeoutMin()));
    RaftServerConfigKeys.Rpc.setTimeoutMax(p, duration(settings.electionTimeoutMax()));
    RaftServerConfigKeys.Rpc.setRequestTimeout(p, duration(settings.requestTimeout()));
    RaftServerConfigKeys.LeaderElection.setLeaderStepDownWaitTime(p, duration(settings.leaderStepDownWait()));
    RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
    RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, settings.snapshotEveryEntries());
    RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, 2);
    RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
    RaftServerConfigKeys.Log.Appender.setRetryPolicy(p, appenderRetry(settings));
    // Read-only requests use ReadIndex, on followers too (ReadBarrier); a read that cannot catch
    // up within one request timeout fails rather than answer from an old state.
    RaftServerConfigKeys.Read.setOption(p, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
    RaftServerConfigKeys.Read.setTimeout(p, duration(settings.requestTimeout()));
    return p;
  }

  /**
   * How long the leader waits before its next message to a follower after a failed one: 1 ms for
   * the first ten, then a third of the minimum election timeout (100 ms on a LAN).
   *
   * <p>Ratis' default waits 1 s and then 5 s, and counts an INCONSISTENCY reply as a failure. A
   * wait longer than the heartbeat interval (half the minimum election timeout) makes the next
   * message a heartbeat rather than entries, so a follower that rejoins behind is walked back one
   * heartbeat at a time, seconds apart, and its election timer fires in between. Below that
   * interval entries follow at once. A follower that is down costs a connection attempt per wait.
   */
  static String appenderRetry(RaftSettings settings) {
    return "1ms,10, " + settings.electionTimeoutMin().dividedBy(3).toMillis() + "ms,1000000000";
  }

  static RaftProperties client(RaftSettings settings) {
    RaftProperties p = new RaftProperties();
    RaftClientConfigKeys.Rpc.setRequestTimeout(p, duration(settings.requestTimeout()));
    return p;
  }

  /** Retries every 100 ms, for at most the write timeout in all, then fails. */
  static RetryPolicy clientRetry(RaftSettings settings) {
    RetryPolicy attempt = RetryPolicies.retryUpToMaximumCountWithFixedSleep(
        Integer.MAX_VALUE, TimeDuration.valueOf(100, TimeUnit.MILLISECONDS));
    TimeDuration total = duration(settings.writeTimeout());
    return RequestTypeDependentRetryPolicy.newBuilder()
        .setRetryPolicy(RaftClientRequestProto.TypeCase.WRITE, attempt)
        .setRetryPolicy(RaftClientRequestProto.TypeCase.READ, attempt)
        .setTimeout(RaftClientRequestProto.TypeCase.WRITE, total)
        .setTimeout(RaftClientRequestProto.TypeCase.READ, total)
        .build();
  }

  /**
   * One attempt of a read barrier: retries every 100 ms for at most two maximum election timeouts
   * (1.2 s on a LAN), long enough for an election, short enough to replace a dead connection to
   * the leader and try again within the write timeout.
   */
  static RetryPolicy readAttempt(RaftSettings settings) {
    return RequestTypeDependentRetryPolicy.newBuilder()
        .setRetryPolicy(RaftClientRequestProto.TypeCase.READ, RetryPolicies.retryUpToMaximumCountWithFixedSleep(
            Integer.MAX_VALUE, TimeDuration.valueOf(100, TimeUnit.MILLISECONDS)))
        .setTimeout(RaftClientRequestProto.TypeCase.READ, duration(settings.electionTimeoutMax().multipliedBy(2)))
        .build();
  }

  /** Mutual TLS for server, client and admin channels alike: manager certificates only. */
  static Parameters tls(NodeCredentials credentials, String clusterId) {
    try {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      char[] password = new char[0];
      keys.setKeyEntry("node", Pem.parsePrivateKey(credentials.keyPem()), password,
          new X509Certificate[] {credentials.certificate()});
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, password);
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("ca", Pem.parseCertificate(credentials.caCertPem()));
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      var trustManager = new ManagerOnlyTrustManager((X509ExtendedTrustManager) tmf.getTrustManagers()[0], clusterId);
      Parameters parameters = new Parameters();
      // The JDK's TLS: Ratis' default (netty-tcnative OpenSSL) needs a native library that is not
      // loadable on every host (it fails in the lab's minimal node image).
      GrpcConfigKeys.TLS.setConf(parameters, GrpcTlsConfig.newBuilder()
          .setKeyManager(kmf.getKeyManagers()[0]).setTrustManager(trustManager).setMutualTls(true)
          .setSslProvider(SslProvider.JDK).build());
      return parameters;
    } catch (java.io.IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot set up TLS for Raft: " + e.getMessage(), e);
    }
  }

  static TimeDuration duration(Duration d) {
    return TimeDuration.valueOf(d.toMillis(), TimeUnit.MILLISECONDS);
  }
}
