package dev.weft.manager.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.manager.ca.RootCa;
import dev.weft.manager.store.ClusterStore;
import dev.weft.proto.AddressPoolSpec;
import dev.weft.proto.Cluster;
import dev.weft.proto.Node;
import dev.weft.proto.NodeDescription;
import dev.weft.proto.NodeRole;
import dev.weft.proto.StoreResult;
import dev.weft.security.CertificateRequest;
import dev.weft.security.JoinToken;
import dev.weft.security.NodeIdentity;
import dev.weft.security.Pem;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SwarmFoundingTest {
  private static final Instant NOW = Instant.parse("2025-02-01T08:00:00Z");
  private static final AddressPoolSpec POOLS =
      AddressPools.validate(List.of(), 0, "198.18.0.0/15");

  private static SwarmFounding founding;
  private static ClusterStore store;

  private static SwarmFounding found(long seed) {
    return SwarmFounding.create(NodeDescription.newBuilder().setHostname("m1").build(),
        "198.18.0.1", "198.18.0.1", "198.18.0.1:2377", "198.18.0.1:2378", POOLS, 4789,
        "00000000-0000-0000-0000-000000000001", NOW, new Random(seed));
  }

  @BeforeAll
  static void foundASwarm() {
    founding = found(42);
    store = new ClusterStore();
    StoreResult result = store.apply(founding.createCluster());
    assertTrue(result.getOk(), result.getError());
    assertEquals(1, result.getStoreVersion());
  }

  @Test
  void theClusterHasDistinctTokensBothCarryingTheRootDigest() {
    Cluster cluster = store.state().cluster();
    assertEquals(founding.clusterId(), cluster.getId());
    X509Certificate root = Pem.parseCertificate(cluster.getRootCa().getCertPem());
    String digest = JoinToken.digestOf(root);
    assertEquals(digest, cluster.getRootCa().getDigest());

    JoinToken worker = JoinToken.parse(cluster.getJoinTokens().getWorker());
    JoinToken manager = JoinToken.parse(cluster.getJoinTokens().getManager());
    assertNotEquals(worker, manager);
    assertNotEquals(worker.secret(), manager.secret());
    assertEquals(digest, worker.caDigest());
    assertEquals(digest, manager.caDigest());
  }

  @Test
  void theFirstNodeIsAManagerWithManagerStatus() {
    Node first = store.state().node(founding.nodeId()).orElseThrow();
    assertEquals(1, store.state().nodes().size());
    assertEquals(NodeRole.NODE_ROLE_MANAGER, first.getRole());
    assertEquals(NodeRole.NODE_ROLE_MANAGER, first.getSpec().getDesiredRole());
    assertTrue(first.hasManagerStatus());
    assertEquals(founding.nodeId(), first.getManagerStatus().getRaftId());
    assertEquals("198.18.0.1:2377", first.getManagerStatus().getControlAddr());
    assertEquals("198.18.0.1:2378", first.getManagerStatus().getRaftAddr());
    assertEquals(NOW.toEpochMilli(), first.getMeta().getCreatedUnixMs());
    assertEquals(1, store.state().managerCount());
  }

  @Test
  void theFirstManagersCertificateComesFromTheSwarmsRoot() throws Exception {
    Cluster cluster = store.state().cluster();
    X509Certificate cert = founding.credentials().certificate();
    cert.verify(Pem.parseCertificate(cluster.getRootCa().getCertPem()).getPublicKey());
    assertEquals(new NodeIdentity(founding.nodeId(), NodeRole.NODE_ROLE_MANAGER, founding.clusterId()),
        founding.credentials().identity());
    assertEquals(cluster.getRootCa().getCertPem(), founding.credentials().caCertPem());
    // The replicated root key really is the root's key: a restored CA signs what the root verifies.
    RootCa restored = RootCa.fromPem(cluster.getRootCa().getCertPem(), cluster.getRootCa().getKeyPem());
    X509Certificate second = restored.issue(CertificateRequest.create().csrPem(),
        new NodeIdentity("n2", NodeRole.NODE_ROLE_WORKER, founding.clusterId()), NOW, new Random(5));
    second.verify(Pem.parseCertificate(cluster.getRootCa().getCertPem()).getPublicKey());
  }

  @Test
  void theSpecRecordsWhatInitWasGiven() {
    Cluster cluster = store.state().cluster();
    assertEquals(POOLS, cluster.getSpec().getDefaultAddressPool());
    assertEquals(4789, cluster.getSpec().getDataPathPort());
    assertEquals("00000000-0000-0000-0000-000000000001", cluster.getRaftGroupId());
  }

  @Test
  void idsAreChosenFromTheSeed() {
    SwarmFounding again = found(42);
    assertEquals(founding.clusterId(), again.clusterId());
    assertEquals(founding.nodeId(), again.nodeId());
    assertNotEquals(founding.clusterId(), founding.nodeId());
    assertNotEquals(founding.clusterId(), found(43).clusterId());
  }

  @Test
  void theSwarmStartsWithOneIngressNetworkFromTheFirstPoolSubnet() {
    var networks = store.state().networks().values();
    assertEquals(1, networks.size());
    var ingress = networks.iterator().next();
    assertEquals("ingress", ingress.getSpec().getName());
    assertTrue(ingress.getSpec().getIngress() && !ingress.getSpec().getAttachable());
    assertEquals("198.18.0.0/24", ingress.getAllocated(0).getSubnet());
    assertEquals(4096, ingress.getVni());
    var second = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> dev.weft.manager.network.NetworkAllocator.allocate("x", SwarmFounding.INGRESS.toBuilder()
            .setName("ingress2").build(), store.state(), POOLS));
    assertTrue(second.getMessage().contains("already present"), second.getMessage());
  }
}
