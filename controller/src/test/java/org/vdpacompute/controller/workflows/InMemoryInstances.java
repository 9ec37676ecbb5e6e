package org.vdpacompute.controller.workflows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.vdpacompute.controller.model.Instance;
import org.vdpacompute.controller.model.InstanceAction;
import org.vdpacompute.controller.model.InstanceActionStore;
import org.vdpacompute.controller.model.InstanceStore;
import org.vdpacompute.controller.model.VmState;

/** Servers and their actions kept in memory, with the stores' compare-and-set, for tests of the workflows. */
final class InMemoryInstances implements InstanceStore, InstanceActionStore {
  private final Map<String, Instance> instances = new ConcurrentHashMap<>();
  private final List<InstanceAction> actions = new ArrayList<>();
  private final Map<Long, List<InstanceAction.Event>> events = new ConcurrentHashMap<>();

  @Override
  public void insert(Instance instance) {
    instances.put(instance.uuid(), instance);
  }

  @Override
  public Optional<Instance> instance(String uuid) {
    return Optional.ofNullable(instances.get(uuid));
  }

  @Override
  public List<Instance> instances(String projectId) {
    return instances.values().stream().filter(i -> i.vmState() != VmState.DELETED)
        .filter(i -> projectId == null || i.projectId().equals(projectId)).toList();
  }

  @Override
  public List<Instance> existedBetween(java.time.Instant start, java.time.Instant stop, String projectId) {
    return instances.values().stream().filter(i -> !i.createdAt().isAfter(stop))
        .filter(i -> i.vmState() != VmState.DELETED || !i.updatedAt().isBefore(start))
        .filter(i -> projectId == null || i.projectId().equals(projectId)).toList();
  }

  @Override
  public List<Instance> onHost(String host) {
    return instances.values().stream().filter(i -> host.equals(i.host())).toList();
  }

  @Override
  public synchronized boolean update(Instance instance) {
    Instance stored = instances.get(instance.uuid());
    if (stored == null || stored.revision() != instance.revision() - 1) return false;
    instances.put(instance.uuid(), instance.withName(stored.name()));
    return true;
  }

  @Override
  public synchronized boolean rename(String uuid, String name, java.time.Instant now) {
    Instance stored = instances.get(uuid);
    if (stored == null || stored.vmState() == VmState.DELETED) return false;
    instances.put(uuid, stored.withName(name));
    return true;
  }

  @Override
  public synchronized InstanceAction insert(InstanceAction action) {
    InstanceAction stored = new InstanceAction(actions.size() + 1, action.instanceUuid(), action.action(),
        action.requestId(), action.projectId(), action.userId(), action.startTime(), action.updatedAt(), action.message(),
        List.of());
    actions.add(stored);
    return stored;
  }

  @Override
  public synchronized void addEvent(long actionId, InstanceAction.Event event) {
    events.computeIfAbsent(actionId, id -> new ArrayList<>()).add(event);
  }

  @Override
  public synchronized List<InstanceAction> ofInstance(String instanceUuid) {
    return actions.stream().filter(a -> a.instanceUuid().equals(instanceUuid)).map(this::withEvents).toList();
  }

  @Override
  public Optional<InstanceAction> byRequest(String instanceUuid, String requestId) {
    return ofInstance(instanceUuid).stream().filter(a -> a.requestId().equals(requestId)).findFirst();
  }

  /** What puts the servers and the events back as they are now: a transaction's rollback. */
  synchronized Runnable snapshot() {
    Map<String, Instance> servers = Map.copyOf(instances);
    Map<Long, List<InstanceAction.Event>> recorded = new java.util.HashMap<>();
    events.forEach((id, list) -> recorded.put(id, List.copyOf(list)));
    return () -> {
      synchronized (this) {
        instances.clear();
        instances.putAll(servers);
        events.clear();
        recorded.forEach((id, list) -> events.put(id, new ArrayList<>(list)));
      }
    };
  }

  /** The events recorded for an action, oldest first. */
  synchronized List<InstanceAction.Event> events(InstanceAction action) {
    return List.copyOf(events.getOrDefault(action.id(), List.of()));
  }

  private InstanceAction withEvents(InstanceAction a) {
    return new InstanceAction(a.id(), a.instanceUuid(), a.action(), a.requestId(), a.projectId(), a.userId(),
        a.startTime(), a.updatedAt(), a.message(), events.getOrDefault(a.id(), List.of()));
  }
}
