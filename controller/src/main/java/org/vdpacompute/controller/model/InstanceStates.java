package org.vdpacompute.controller.model;

import static org.vdpacompute.controller.model.TaskState.DELETING;
import static org.vdpacompute.controller.model.TaskState.INTERFACE_ATTACHING;
import static org.vdpacompute.controller.model.TaskState.INTERFACE_DETACHING;
import static org.vdpacompute.controller.model.TaskState.MIGRATING;
import static org.vdpacompute.controller.model.TaskState.POWERING_OFF;
import static org.vdpacompute.controller.model.TaskState.POWERING_ON;
import static org.vdpacompute.controller.model.TaskState.REBOOTING;
import static org.vdpacompute.controller.model.TaskState.REBOOTING_HARD;
import static org.vdpacompute.controller.model.TaskState.REBUILDING;
import static org.vdpacompute.controller.model.TaskState.RESIZE_CONFIRMING;
import static org.vdpacompute.controller.model.TaskState.RESIZE_MIGRATING;
import static org.vdpacompute.controller.model.TaskState.RESIZE_PREP;
import static org.vdpacompute.controller.model.TaskState.RESIZE_REVERTING;
import static org.vdpacompute.controller.model.TaskState.RESUMING;
import static org.vdpacompute.controller.model.TaskState.SCHEDULING;
import static org.vdpacompute.controller.model.TaskState.SHELVING;
import static org.vdpacompute.controller.model.TaskState.SHELVING_OFFLOADING;
import static org.vdpacompute.controller.model.TaskState.SPAWNING;
import static org.vdpacompute.controller.model.TaskState.SUSPENDING;
import static org.vdpacompute.controller.model.TaskState.UNSHELVING;
import static org.vdpacompute.controller.model.VmState.ACTIVE;
import static org.vdpacompute.controller.model.VmState.BUILDING;
import static org.vdpacompute.controller.model.VmState.DELETED;
import static org.vdpacompute.controller.model.VmState.ERROR;
import static org.vdpacompute.controller.model.VmState.PAUSED;
import static org.vdpacompute.controller.model.VmState.RESIZED;
import static org.vdpacompute.controller.model.VmState.SHELVED;
import static org.vdpacompute.controller.model.VmState.SHELVED_OFFLOADED;
import static org.vdpacompute.controller.model.VmState.STOPPED;
import static org.vdpacompute.controller.model.VmState.SUSPENDED;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The server state machine as one table: which vm_state/task_state pair may follow which. Every
 * change an {@link Instance} makes of its state is checked here, so a workflow cannot leave a server
 * in a pair the API would never show, and a refused change says what it found and what it wanted.
 *
 * <p>The table is written as Nova's compute manager behaves:
 * <ul>
 *   <li>the API <em>begins</em> a task on an idle server whose vm_state allows it (a reboot of a
 *       running server, a migration of an active or stopped one);
 *   <li>a task may go through <em>steps</em> (a build is scheduled, then spawned; a resize prepared,
 *       then migrated; a shelve may go straight on to its offload);
 *   <li>a task <em>ends</em> in the vm_states it leads to, or is <em>given up</em> ({@code
 *       @reverts_task_state}): the server idle in the vm_state it had;
 *   <li>any task may <em>fail</em> the server to ERROR, any server but a deleted one may be
 *       <em>deleted</em>, and a controller that starts again drops a task a stopped one left
 *       half done, taking the vm_state its host reports.
 * </ul>
 */
public final class InstanceStates {
  /** For each task, the vm_states of an idle server the API may begin it from. */
  private static final Map<TaskState, Set<VmState>> BEGINS = new EnumMap<>(TaskState.class);
  /** For each server in a task, the vm_states the task's success leaves it in, idle. */
  private static final Map<InstanceState, Set<VmState>> ENDS = new HashMap<>();
  /** Moves from one task to the next within one operation. */
  private static final Map<InstanceState, Set<InstanceState>> STEPS = new HashMap<>();
  /** Where a controller that starts again may leave a task cut short: what the guest's host says. */
  private static final Set<VmState> RESYNCED = EnumSet.of(ACTIVE, STOPPED, SUSPENDED, SHELVED);

  static {
    begins(POWERING_OFF, ACTIVE);
    begins(POWERING_ON, STOPPED);
    begins(REBOOTING, ACTIVE);
    // Nova's ALLOW_HARD_REBOOT: the guest is defined again from the server's record, whatever it was.
    begins(REBOOTING_HARD, ACTIVE, STOPPED, PAUSED, SUSPENDED, ERROR);
    begins(SUSPENDING, ACTIVE);
    begins(RESUMING, SUSPENDED);
    begins(SHELVING, ACTIVE, STOPPED);
    begins(SHELVING_OFFLOADING, SHELVED);
    begins(UNSHELVING, SHELVED, SHELVED_OFFLOADED);
    begins(RESIZE_PREP, ACTIVE, STOPPED);
    begins(RESIZE_CONFIRMING, RESIZED);
    begins(RESIZE_REVERTING, RESIZED);
    begins(MIGRATING, ACTIVE);
    begins(REBUILDING, ACTIVE, STOPPED, ERROR);
    begins(INTERFACE_ATTACHING, ACTIVE);
    begins(INTERFACE_DETACHING, ACTIVE);

    // A build (and an unshelve of an offloaded server) is placed on a host and spawned there; a
    // host that fails to spawn sends it back to be placed elsewhere.
    step(BUILDING, SCHEDULING, BUILDING, SPAWNING);
    step(BUILDING, SPAWNING, BUILDING, SCHEDULING);
    step(SHELVED_OFFLOADED, UNSHELVING, SHELVED_OFFLOADED, SPAWNING);
    step(SHELVED_OFFLOADED, SPAWNING, SHELVED_OFFLOADED, UNSHELVING);
    step(ACTIVE, RESIZE_PREP, ACTIVE, RESIZE_MIGRATING);
    step(STOPPED, RESIZE_PREP, STOPPED, RESIZE_MIGRATING);
    // With shelved_offload_time 0 a shelve goes on to its offload at once.
    step(ACTIVE, SHELVING, SHELVED, SHELVING_OFFLOADING);
    step(STOPPED, SHELVING, SHELVED, SHELVING_OFFLOADING);

    ends(POWERING_OFF, STOPPED);
    ends(POWERING_ON, ACTIVE);
    ends(REBOOTING, ACTIVE);
    ends(REBOOTING_HARD, ACTIVE);
    ends(SUSPENDING, SUSPENDED);
    ends(RESUMING, ACTIVE);
    ends(SHELVING, SHELVED);
    ends(SHELVING_OFFLOADING, SHELVED_OFFLOADED);
    // An offloaded server is unshelved by spawning it; a shelved one is started where it is.
    ends(SHELVED, UNSHELVING, ACTIVE);
    ends(BUILDING, SPAWNING, ACTIVE);
    ends(SHELVED_OFFLOADED, SPAWNING, ACTIVE);
    ends(ACTIVE, RESIZE_MIGRATING, RESIZED);
    ends(STOPPED, RESIZE_MIGRATING, RESIZED);
    ends(RESIZE_CONFIRMING, ACTIVE, STOPPED);
    ends(RESIZE_REVERTING, ACTIVE, STOPPED);
    ends(MIGRATING, ACTIVE);
    ends(REBUILDING, ACTIVE, STOPPED);
    ends(INTERFACE_ATTACHING, ACTIVE);
    ends(INTERFACE_DETACHING, ACTIVE);
    for (VmState vm : VmState.values()) {
      if (vm != DELETED) ends(vm, DELETING, DELETED);
    }
  }

  private InstanceStates() {}

  private static void begins(TaskState task, VmState... from) {
    BEGINS.put(task, Collections.unmodifiableSet(EnumSet.of(from[0], from)));
  }

  /** The task ends in these vm_states from every vm_state it begins from. */
  private static void ends(TaskState task, VmState... in) {
    for (VmState vm : BEGINS.get(task)) ends(vm, task, in);
  }

  private static void ends(VmState vm, TaskState task, VmState... in) {
    ENDS.put(new InstanceState(vm, task), Collections.unmodifiableSet(EnumSet.of(in[0], in)));
  }

  private static void step(VmState vm, TaskState task, VmState nextVm, TaskState nextTask) {
    STEPS.computeIfAbsent(new InstanceState(vm, task), k -> new HashSet<>()).add(new InstanceState(nextVm, nextTask));
  }

  /** The state of a server the API has just accepted: waiting for a host. */
  public static final InstanceState NEW = new InstanceState(BUILDING, SCHEDULING);

  /** Whether the API may begin {@code task} on a server in {@code state}. */
  public static boolean mayBegin(InstanceState state, TaskState task) {
    if (task == DELETING) return state.vm() != DELETED && state.task() != DELETING;
    return state.isIdle() && BEGINS.getOrDefault(task, Set.of()).contains(state.vm());
  }

  /** Whether a server in {@code from} may be put in {@code to}. */
  public static boolean allows(InstanceState from, InstanceState to) {
    if (from.vm() == DELETED) return false;
    if (to.task() != null && to.vm() == from.vm() && mayBegin(from, to.task())) return true;
    if (STEPS.getOrDefault(from, Set.of()).contains(to)) return true;
    if (from.isIdle() || !to.isIdle()) return false;
    // What follows is a task that is over: it ended, was given up, failed, or was cut short.
    if (ENDS.getOrDefault(from, Set.of()).contains(to.vm())) return true;
    if (to.vm() == from.vm() && from.vm() != BUILDING && from.task() != DELETING) return true;
    return to.vm() == ERROR;
  }

  /**
   * Whether the power state sync may put an idle server in {@code from} in {@code to}: stopped, when
   * its host shut its guest off, or in ERROR, when its host has no guest of it, or one it cannot read
   * (as Nova's {@code _sync_instance_power_state}, which skips a server in a task).
   */
  public static boolean allowsSync(InstanceState from, InstanceState to) {
    return from.isIdle() && to.isIdle() && SYNCED_FROM.contains(from.vm()) && (to.vm() == STOPPED || to.vm() == ERROR)
        && to.vm() != from.vm();
  }

  /** The vm_states of a server whose guest the power state sync looks at: one its host should have. */
  private static final Set<VmState> SYNCED_FROM = EnumSet.of(ACTIVE, STOPPED, SUSPENDED, PAUSED, RESIZED, SHELVED);

  /** Whether the power state sync looks at the guest of an idle server in {@code vm}. */
  public static boolean isSynced(VmState vm) {
    return SYNCED_FROM.contains(vm);
  }

  /**
   * Whether an administrator's {@code os-resetState} may put a server in {@code from} in {@code to}:
   * any server not deleted, idle in ACTIVE or ERROR, its task dropped whatever it was (Nova's reset_state).
   */
  public static boolean allowsReset(InstanceState from, InstanceState to) {
    return from.vm() != DELETED && to.isIdle() && (to.vm() == ACTIVE || to.vm() == ERROR);
  }

  /**
   * Whether a controller that starts again may drop the task of a server in {@code from} and put it
   * in {@code to}: the vm_state its host reports, idle.
   */
  public static boolean allowsResync(InstanceState from, InstanceState to) {
    return from.vm() != DELETED && from.vm() != BUILDING && !from.isIdle() && from.task() != DELETING
        && to.isIdle() && (to.vm() == from.vm() || RESYNCED.contains(to.vm()));
  }
}
