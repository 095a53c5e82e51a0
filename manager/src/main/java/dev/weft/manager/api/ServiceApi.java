package dev.weft.manager.api;

import dev.weft.manager.ca.NodeIds;
import dev.weft.manager.service.ServiceAllocator;
import dev.weft.manager.store.StoreState;
import dev.weft.proto.CreateService;
import dev.weft.proto.Empty;
import dev.weft.proto.RemoveService;
import dev.weft.proto.Service;
import dev.weft.proto.ServiceList;
import dev.weft.proto.ServiceSpec;
import dev.weft.proto.Task;
import dev.weft.proto.TaskList;
import dev.weft.proto.UpdateService;
import io.grpc.Status;
import java.util.NoSuchElementException;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Control API's service calls: allocate on this manager from its current state ({@link Reads}),
 * commit through Raft,
 * where the store checks the choice again. Refusals become INVALID_ARGUMENT (the spec) or
 * FAILED_PRECONDITION (the state), with the user's message.
 */
final class ServiceApi {
  private static final Logger log = LoggerFactory.getLogger(ServiceApi.class);

  private final Reads reads;
  private final Writes writes;
  private final RandomGenerator random;

  ServiceApi(Reads reads, Writes writes, RandomGenerator random) {
    this.reads = reads;
    this.writes = writes;
    this.random = random;
  }

  Service create(ServiceSpec spec) {
    StoreState state = reads.local(); // the store checks the allocation again when it applies it
    requireSwarm(state);
    Service service = allocate(NodeIds.generate(random), spec, state, null);
    Service stored = writes.commit(writes.action().setCreateService(CreateService.newBuilder().setService(service)))
        .getService();
    log.info("service {} ({}) created: {}, virtual IPs {}, ports {}", stored.getSpec().getName(), stored.getId(),
        mode(stored.getSpec()), stored.getVirtualIpsList().stream().map(v -> v.getAddress()).toList(),
        stored.getPortsList().stream().map(p -> p.getPublishedPort() + "->" + p.getTargetPort() + "/" + p.getProtocol())
            .toList());
    return stored;
  }

  ServiceList list() {
    return ServiceList.newBuilder().addAllServices(reads.current().sortedServices()).build();
  }

  Service get(String ref) {
    return find(reads.current(), ref);
  }

  Service update(String ref, ServiceSpec spec) {
    Service previous = reads.find(s -> find(s, ref));
    Service service = allocate(previous.getId(), spec, reads.local(), previous);
    Service stored = writes.commit(writes.action().setUpdateService(UpdateService.newBuilder().setService(service)))
        .getService();
    log.info("service {} ({}) updated: {}", stored.getSpec().getName(), stored.getId(), mode(stored.getSpec()));
    return stored;
  }

  /** The tasks of one service, or of all when {@code ref} is empty; by service, then slot or node. */
  TaskList tasks(String ref) {
    StoreState state = reads.current();
    java.util.Collection<Task> tasks = ref.isEmpty() ? state.sortedTasks() : state.tasksOf(find(state, ref).getId());
    return TaskList.newBuilder().addAllTasks(tasks.stream().sorted(java.util.Comparator
        .comparing(Task::getServiceId).thenComparingLong(Task::getSlot).thenComparing(Task::getNodeId)
        .thenComparing(Task::getId)).toList()).build();
  }

  Empty remove(String ref) {
    Service service = reads.find(s -> find(s, ref));
    writes.commit(writes.action().setRemoveService(RemoveService.newBuilder().setServiceId(service.getId())));
    log.info("service {} ({}) removed", service.getSpec().getName(), service.getId());
    return Empty.getDefaultInstance();
  }

  private static Service allocate(String id, ServiceSpec spec, StoreState state, Service previous) {
    try {
      return ServiceAllocator.allocate(id, spec, state, previous);
    } catch (IllegalArgumentException e) {
      throw Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException();
    }
  }

  private static Service find(StoreState state, String ref) {
    try {
      return state.service(ref);
    } catch (NoSuchElementException e) {
      throw Status.NOT_FOUND.withDescription(e.getMessage()).asRuntimeException();
    } catch (IllegalArgumentException e) {
      throw Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException();
    }
  }

  private static void requireSwarm(StoreState state) {
    if (state.cluster() == null) {
      throw Status.FAILED_PRECONDITION.withDescription("this node is not part of a swarm").asRuntimeException();
    }
  }

  private static String mode(ServiceSpec spec) {
    return spec.hasGlobal() ? "global" : "replicated " + spec.getReplicated().getReplicas();
  }
}
