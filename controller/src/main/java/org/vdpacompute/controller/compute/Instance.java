package org.vdpacompute.controller.compute;

import java.time.Instant;
import java.util.List;

/**
 * A server: who owns it, what it is made of (a copy of its flavor as it was at boot, its image, its
 * ports in order), where it runs and what it is doing.
 *
 * @param createdPortIds the ports made for the server from a network it was booted on; they go with it
 * @param host the compute host it runs on, or null before scheduling and after a shelve-offload
 * @param taskState what it is in the middle of, or null when idle
 * @param fault why it went to ERROR, or null
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

  public String status() {
    return ServerStatus.of(vmState, taskState);
  }

  /** The same instance on a host with a flavor (a move, a resize, or its revert), one revision on, without a fault. */
  public Instance moved(String toHost, Flavor withFlavor, VmState vm, TaskState task, List<Integer> cells, Instant now) {
    return new Instance(uuid, name, projectId, userId, withFlavor, imageId, portIds, createdPortIds, toHost, vm, task, null,
        cells, createdAt, now, launchedAt, revision + 1);
  }

  /** The same instance with other ports (an interface attached or detached), one revision on. */
  public Instance withPorts(List<String> ports, List<String> created, Instant now) {
    return new Instance(uuid, name, projectId, userId, flavor, imageId, ports, created, host, vmState, taskState, fault,
        guestCells, createdAt, now, launchedAt, revision + 1);
  }

  /** The same instance in another task state only, one revision on. */
  public Instance withTask(TaskState task, Instant now) {
    return next(host, vmState, task, fault, guestCells, now, launchedAt);
  }

  /** The same instance after a change, one revision on. */
  public Instance next(String host, VmState vm, TaskState task, Fault fault, List<Integer> cells, Instant now,
      Instant launched) {
    return new Instance(uuid, name, projectId, userId, flavor, imageId, portIds, createdPortIds, host, vm, task, fault, cells, createdAt,
        now, launched, revision + 1);
  }
}
