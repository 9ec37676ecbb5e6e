package org.vdpacompute.controller.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A server: who owns it, what it is made of (a copy of its flavor as it was at boot, its image, its
 * ports in order), where it runs and what it is doing.
 *
 * <p>Its state changes only through the named transitions below, each one revision on and each
 * checked against {@link InstanceStates}, the server state machine: a transition the table does not
 * allow is an {@link IllegalInstanceStateException}. Writers record a transition with a
 * compare-and-set on the revision ({@link InstanceStore#update}).
 *
 * @param createdPortIds the ports made for the server from a network it was booted on; they go with it
 * @param host the compute host it runs on, or null before scheduling and after a shelve-offload
 * @param taskState what it is in the middle of, or null when idle
 * @param fault why it last failed, or null; the API shows it while the server is in ERROR
 * @param guestCells the host NUMA node of each guest cell, empty without a guest topology
 * @param revision bumped by every change; writers compare it to detect races
 */
public record Instance(
    String uuid,
    String name,
    String projectId,
    String userId,
    Flavor flavor,
    String imageId,
    List<String> portIds,
    List<String> createdPortIds,
    String host,
    VmState vmState,
    TaskState taskState,
    Fault fault,
    List<Integer> guestCells,
    Instant createdAt,
    Instant updatedAt,
    Instant launchedAt,
    long revision) {

  public Instance {
    portIds = List.copyOf(portIds);
    createdPortIds = List.copyOf(createdPortIds);
    guestCells = List.copyOf(guestCells);
  }

  /**
   * Why an instance failed, as the compute API shows it.
   *
   * @param details more than the message, for administrators only (each host that refused a build); null when none
   */
  public record Fault(int code, String message, String details, Instant created) {
    public Fault(int code, String message, Instant created) {
      this(code, message, null, created);
    }
  }

  /** A server the API has just accepted, waiting for a host ({@link InstanceStates#NEW}). */
  public static Instance accepted(String uuid, String name, String projectId, String userId, Flavor flavor,
      String imageId, List<String> portIds, List<String> createdPortIds, Instant now) {
    return new Instance(uuid, name, projectId, userId, flavor, imageId, portIds, createdPortIds, null,
        InstanceStates.NEW.vm(), InstanceStates.NEW.task(), null, List.of(), now, now, null, 1);
  }

  public String status() {
    return ServerStatus.of(vmState, taskState);
  }

  public InstanceState state() {
    return new InstanceState(vmState, taskState);
  }

  /** The name of the instance's domain on its host, as Nova's {@code OS-EXT-SRV-ATTR:instance_name}. */
  public String domainName() {
    return "instance-" + uuid;
  }

  /**
   * The instance under another name, at the same revision: a name changes outside the state
   * machine ({@link InstanceStore#rename}).
   */
  public Instance withName(String newName) {
    return new Instance(uuid, newName, projectId, userId, flavor, imageId, portIds, createdPortIds, host, vmState, taskState,
        fault, guestCells, createdAt, updatedAt, launchedAt, revision);
  }

  /** The instance's UUID as a value, as the hosts' agents name guests. */
  public UUID id() {
    return UUID.fromString(uuid);
  }

  /** The API begins a task: an action, or a delete ({@link TaskState#DELETING}, from any state). */
  public Instance begin(TaskState task, Instant now) {
    return to(vmState, task, now);
  }

  /** Goes on to the next task of the same operation, such as from preparing a resize to migrating. */
  public Instance proceed(TaskState task, Instant now) {
    return to(vmState, task, now);
  }

  /** A host was claimed for the server: it is spawned there next, afresh. */
  public Instance placed(String onHost, List<Integer> cells, Instant now) {
    check(vmState, TaskState.SPAWNING);
    return new Instance(uuid, name, projectId, userId, flavor, imageId, portIds, createdPortIds, onHost, vmState,
        TaskState.SPAWNING, null, cells, createdAt, now, null, revision + 1);
  }

  /** The host failed to spawn the server: it waits to be placed elsewhere. */
  public Instance unplaced(Instant now) {
    TaskState waiting = vmState == VmState.BUILDING ? TaskState.SCHEDULING : TaskState.UNSHELVING;
    check(vmState, waiting);
    return new Instance(uuid, name, projectId, userId, flavor, imageId, portIds, createdPortIds, null, vmState,
        waiting, null, List.of(), createdAt, now, null, revision + 1);
  }

  /** The guest runs on the host it was spawned on, the server afresh: ACTIVE, without a fault. */
  public Instance launched(Instant now) {
    check(VmState.ACTIVE, null);
    return new Instance(uuid, name, projectId, userId, flavor, imageId, portIds, createdPortIds, host,
        VmState.ACTIVE, null, null, guestCells, createdAt, now, now, revision + 1);
  }

  /** The task is done where the server is: idle in {@code vm}. */
  public Instance finished(VmState vm, Instant now) {
    return to(vm, null, now);
  }

  /** Shelved on its host: idle, or going on to its offload at once. */
  public Instance shelved(boolean offloadNext, Instant now) {
    return to(VmState.SHELVED, offloadNext ? TaskState.SHELVING_OFFLOADING : null, now);
  }

  /** Taken off its host: its guest destroyed, its devices freed, its ports unbound. */
  public Instance offloaded(Instant now) {
    check(VmState.SHELVED_OFFLOADED, null);
    return new Instance(uuid, name, projectId, userId, flavor, imageId, portIds, createdPortIds, null,
        VmState.SHELVED_OFFLOADED, null, fault, List.of(), createdAt, now, launchedAt, revision + 1);
  }

  /** A move is over: the server is idle on {@code onHost}, with {@code withFlavor}, afresh (without a fault). */
  public Instance arrived(String onHost, Flavor withFlavor, List<Integer> cells, VmState vm, Instant now) {
    check(vm, null);
    return new Instance(uuid, name, projectId, userId, withFlavor, imageId, portIds, createdPortIds, onHost, vm, null,
        null, cells, createdAt, now, launchedAt, revision + 1);
  }

  /** The task was given up: idle in the vm_state it had, with why in its fault ({@code @reverts_task_state}). */
  public Instance reverted(Fault why, Instant now) {
    check(vmState, null);
    return new Instance(uuid, name, projectId, userId, flavor, imageId, portIds, createdPortIds, host, vmState, null,
        why, guestCells, createdAt, now, launchedAt, revision + 1);
  }

  /** The task failed the server: ERROR, with why, where it is. */
  public Instance failed(Fault why, Instant now) {
    return failedOn(host, guestCells, why, now);
  }

  /** The task failed the server: ERROR, with why, on the host its guest was left on (null for none). */
  public Instance failedOn(String onHost, List<Integer> cells, Fault why, Instant now) {
    return failedOn(onHost, flavor, cells, why, now);
  }

  /** {@link #failedOn(String, List, Fault, Instant)} with the size the server has there (a move's source). */
  public Instance failedOn(String onHost, Flavor withFlavor, List<Integer> cells, Fault why, Instant now) {
    check(VmState.ERROR, null);
    return new Instance(uuid, name, projectId, userId, withFlavor, imageId, portIds, createdPortIds, onHost,
        VmState.ERROR, null, why, cells, createdAt, now, launchedAt, revision + 1);
  }

  /** A port was plugged in: the server has it, last, and the attach is over. */
  public Instance interfaceAttached(String portId, boolean createdForServer, Instant now) {
    List<String> ports = new ArrayList<>(portIds);
    ports.add(portId);
    List<String> created = new ArrayList<>(createdPortIds);
    if (createdForServer) created.add(portId);
    return withPorts(ports, created, now);
  }

  /** A port was unplugged: the server no longer has it, and the detach is over. */
  public Instance interfaceDetached(String portId, Instant now) {
    List<String> ports = new ArrayList<>(portIds);
    ports.remove(portId);
    List<String> created = new ArrayList<>(createdPortIds);
    created.remove(portId);
    return withPorts(ports, created, now);
  }

  private Instance withPorts(List<String> ports, List<String> created, Instant now) {
    check(vmState, null);
    return new Instance(uuid, name, projectId, userId, flavor, imageId, ports, created, host, vmState, null, fault,
        guestCells, createdAt, now, launchedAt, revision + 1);
  }

  /** The delete is done: its guest destroyed, its devices and ports given back. */
  public Instance deleted(Instant now) {
    check(VmState.DELETED, null);
    return new Instance(uuid, name, projectId, userId, flavor, imageId, portIds, createdPortIds, host,
        VmState.DELETED, null, fault, List.of(), createdAt, now, launchedAt, revision + 1);
  }

  /**
   * A task a stopped controller left half done is dropped by the one that starts again: idle in
   * {@code vm}, what the guest's host reports ({@link InstanceStates#allowsResync}).
   */
  public Instance resynced(VmState vm, Instant now) {
    InstanceState wanted = InstanceState.idle(vm);
    if (!InstanceStates.allowsResync(state(), wanted)) throw new IllegalInstanceStateException(uuid, state(), wanted);
    return new Instance(uuid, name, projectId, userId, flavor, imageId, portIds, createdPortIds, host, vm, null, fault,
        guestCells, createdAt, now, launchedAt, revision + 1);
  }

  /**
   * What the power state sync found of its guest on its host: stopped (the guest shut itself off) or
   * in ERROR with why (the guest is gone or cannot be read), where it is ({@link InstanceStates#allowsSync}).
   */
  public Instance synced(VmState vm, Fault why, Instant now) {
    InstanceState wanted = InstanceState.idle(vm);
    if (!InstanceStates.allowsSync(state(), wanted)) throw new IllegalInstanceStateException(uuid, state(), wanted);
    return new Instance(uuid, name, projectId, userId, flavor, imageId, portIds, createdPortIds, host, vm, null,
        why == null ? fault : why, guestCells, createdAt, now, launchedAt, revision + 1);
  }

  /**
   * An administrator's {@code os-resetState}: idle in {@code vm} (ACTIVE or ERROR), whatever task it
   * was in, where it is; its fault kept ({@link InstanceStates#allowsReset}).
   */
  public Instance reset(VmState vm, Instant now) {
    InstanceState wanted = InstanceState.idle(vm);
    if (!InstanceStates.allowsReset(state(), wanted)) throw new IllegalInstanceStateException(uuid, state(), wanted);
    return new Instance(uuid, name, projectId, userId, flavor, imageId, portIds, createdPortIds, host, vm, null, fault,
        guestCells, createdAt, now, launchedAt, revision + 1);
  }

  private Instance to(VmState vm, TaskState task, Instant now) {
    check(vm, task);
    return new Instance(uuid, name, projectId, userId, flavor, imageId, portIds, createdPortIds, host, vm, task, fault,
        guestCells, createdAt, now, launchedAt, revision + 1);
  }

  private void check(VmState vm, TaskState task) {
    InstanceState wanted = new InstanceState(vm, task);
    if (!InstanceStates.allows(state(), wanted)) throw new IllegalInstanceStateException(uuid, state(), wanted);
  }
}
