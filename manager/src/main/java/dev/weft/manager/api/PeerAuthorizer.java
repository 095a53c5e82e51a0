package dev.weft.manager.api;

import dev.weft.manager.store.ClusterStore;
import dev.weft.proto.NodeCAGrpc;
import dev.weft.security.NodeIdentity;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.net.SocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Set;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Decides, per method, who may call: the join calls are open (the token is the proof), the rest
 * need a certificate of this swarm from a node that was not removed, and the control API needs a
 * manager's certificate. The caller's identity is passed on in {@link #IDENTITY}.
 */
public final class PeerAuthorizer implements ServerInterceptor {
  public static final Context.Key<NodeIdentity> IDENTITY = Context.key("weft-peer");
  public static final Context.Key<SocketAddress> REMOTE = Context.key("weft-remote");

  private static final Set<String> OPEN_METHODS = Set.of(
      NodeCAGrpc.getGetRootCACertificateMethod().getFullMethodName(),
      NodeCAGrpc.getIssueNodeCertificateMethod().getFullMethodName());
  private static final String CONTROL_PREFIX = "weft.v1.Control/";

  private final ClusterStore store;

  public PeerAuthorizer(ClusterStore store) {
    this.store = store;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String method = call.getMethodDescriptor().getFullMethodName();
    Context context = Context.current().withValue(REMOTE, call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
    if (OPEN_METHODS.contains(method)) {
      return Contexts.interceptCall(context, call, headers, next);
    }
    NodeIdentity identity = peerIdentity(call);
    Status refusal = refusal(identity, method);
    if (refusal != null) {
      call.close(refusal, new Metadata());
      return new ServerCall.Listener<>() { };
    }
    return Contexts.interceptCall(context.withValue(IDENTITY, identity), call, headers, next);
  }

  private Status refusal(NodeIdentity identity, String method) {
    if (identity == null) {
      return Status.UNAUTHENTICATED.withDescription("a node certificate of this swarm is required");
    }
    var cluster = store.state().cluster();
    if (cluster == null || !cluster.getId().equals(identity.clusterId())) {
      return Status.PERMISSION_DENIED.withDescription("the certificate belongs to another swarm");
    }
    if (store.state().removedNodeIds().contains(identity.nodeId())) {
      return Status.PERMISSION_DENIED.withDescription(
          "node " + identity.nodeId() + " was removed from the swarm; run 'weft swarm leave' on it and join again");
    }
    if (method.startsWith(CONTROL_PREFIX) && !identity.isManager()) {
      return Status.PERMISSION_DENIED.withDescription(
          "this node is not a swarm manager: the control API needs a manager certificate");
    }
    return null;
  }

  private static NodeIdentity peerIdentity(ServerCall<?, ?> call) {
    SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
    if (session == null) {
      return null;
    }
    try {
      Certificate[] chain = session.getPeerCertificates();
      if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
        return null;
      }
      return NodeIdentity.of(leaf);
    } catch (SSLPeerUnverifiedException | IllegalArgumentException e) {
      return null;
    }
  }
}
