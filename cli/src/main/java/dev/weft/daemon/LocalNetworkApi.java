package dev.weft.daemon;

import dev.weft.agent.container.ContainerService;
import dev.weft.agent.kernel.KernelException;
import dev.weft.agent.network.LocalNetworking;
import dev.weft.agent.network.NetworkService;
import dev.weft.proto.ConnectRequest;
import dev.weft.proto.DisconnectRequest;
import dev.weft.proto.Empty;
import dev.weft.proto.LocalNetworksGrpc;
import dev.weft.proto.NetworkCreateRequest;
import dev.weft.proto.NetworkCreateResponse;
import dev.weft.proto.NetworkListRequest;
import dev.weft.proto.NetworkListResponse;
import dev.weft.proto.NetworkRef;
import dev.weft.proto.NetworkRemoveRequest;
import dev.weft.proto.NetworkRemoveResponse;
import dev.weft.proto.NetworkView;
import io.grpc.stub.StreamObserver;

/** {@code weft network …} on the local socket. */
final class LocalNetworkApi extends LocalNetworksGrpc.LocalNetworksImplBase {
  private final LocalNetworking local;

  LocalNetworkApi(LocalNetworking local) {
    this.local = local;
  }

  private NetworkService networks() {
    return local.networks();
  }

  private ContainerService containers() {
    return local.containers();
  }

  @Override
  public void create(NetworkCreateRequest request, StreamObserver<NetworkCreateResponse> out) {
    Answers.answer(out, () -> {
      var network = networks().create(request.getSpec());
      local.refreshDns();
      return NetworkCreateResponse.newBuilder().setId(network.getId()).build();
    });
  }

  @Override
  public void list(NetworkListRequest request, StreamObserver<NetworkListResponse> out) {
    Answers.answer(out, () -> NetworkListResponse.newBuilder().addAllNetworks(networks().list(request.getFiltersMap())).build());
  }

  @Override
  public void inspect(NetworkRef request, StreamObserver<NetworkView> out) {
    Answers.answer(out, () -> networks().inspect(request.getRef()));
  }

  @Override
  public void remove(NetworkRemoveRequest request, StreamObserver<NetworkRemoveResponse> out) {
    Answers.answer(out, () -> {
      NetworkRemoveResponse.Builder response = NetworkRemoveResponse.newBuilder();
      for (String ref : request.getRefsList()) {
        try {
          if (request.getForce()) {
            for (var e : networks().inspect(ref).getEndpointsList()) {
              containers().disconnect(ref, e.getContainerId());
            }
          }
          networks().remove(ref);
          response.addRemoved(ref);
        } catch (IllegalArgumentException | KernelException e) {
          response.addErrors(e.getMessage());
        }
      }
      local.refreshDns();
      return response.build();
    });
  }

  @Override
  public void prune(Empty request, StreamObserver<NetworkRemoveResponse> out) {
    Answers.answer(out, () -> {
      var removed = networks().prune();
      local.refreshDns();
      return NetworkRemoveResponse.newBuilder().addAllRemoved(removed).build();
    });
  }

  @Override
  public void connect(ConnectRequest request, StreamObserver<Empty> out) {
    Answers.answer(out, () -> {
      containers().connect(request.getNetwork(), request.getContainer(), request.getAliasesList(), request.getIpv4());
      return Empty.getDefaultInstance();
    });
  }

  @Override
  public void disconnect(DisconnectRequest request, StreamObserver<Empty> out) {
    Answers.answer(out, () -> {
      containers().disconnect(request.getNetwork(), request.getContainer());
      return Empty.getDefaultInstance();
    });
  }
}
