package org.vdpacompute.virt;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.vdpacompute.core.InvalidValueException;

/**
 * What can be done to a guest, each with the states it starts from and the state it leaves. This
 * enum is the guest state machine: a driver asks {@link #allowedFrom} before acting and {@link
 * #after} for the state to record, so every driver refuses the same transitions.
 */
public enum GuestOperation {
  /** Define a new guest from its domain XML and start it; the guest must not exist yet. */
  SPAWN("spawn", "spawn", EnumSet.noneOf(GuestState.class), GuestState.RUNNING),
  STOP("stop", "stop", EnumSet.of(GuestState.RUNNING, GuestState.PAUSED), GuestState.SHUTOFF),
  START("start", "start", EnumSet.of(GuestState.SHUTOFF, GuestState.SAVED), GuestState.RUNNING),
  REBOOT("reboot", "reboot", EnumSet.of(GuestState.RUNNING), GuestState.RUNNING),
  SUSPEND("suspend", "suspend", EnumSet.of(GuestState.RUNNING), GuestState.PAUSED),
  RESUME("resume", "resume", EnumSet.of(GuestState.PAUSED), GuestState.RUNNING),
  SAVE("save", "save", EnumSet.of(GuestState.RUNNING, GuestState.PAUSED), GuestState.SAVED),
  /** Power off if needed and undefine: the guest is gone from the host. */
  DESTROY("destroy", "destroy", EnumSet.allOf(GuestState.class), null),
  ATTACH("attach_device", "attach device", EnumSet.of(GuestState.RUNNING, GuestState.PAUSED), null),
  DETACH("detach_device", "detach device", EnumSet.of(GuestState.RUNNING, GuestState.PAUSED), null),
  /** Hand a live guest to another host; it keeps its state there and is gone here. */
  LIVE_MIGRATE("live_migrate", "live migration", EnumSet.of(GuestState.RUNNING, GuestState.PAUSED), null),
  /** Read what the guest wrote to its serial console; in any state, it changes nothing. */
  CONSOLE_LOG("console_log", "console log", EnumSet.allOf(GuestState.class), null);

  private final String apiName;
  private final String displayName;
  private final EnumSet<GuestState> from;
  private final GuestState to;

  GuestOperation(String apiName, String displayName, EnumSet<GuestState> from, GuestState to) {
    this.apiName = apiName;
    this.displayName = displayName;
    this.from = from;
    this.to = to;
  }

  /** The operation's name in the agents' API, such as {@code spawn} or {@code attach_device}. */
  public String apiName() {
    return apiName;
  }

  /** Parses an API name; an unknown one is refused with the names there are. */
  public static GuestOperation fromApiName(String name) {
    for (GuestOperation o : values()) {
      if (o.apiName.equals(name)) {
        return o;
      }
    }
    throw new InvalidValueException("unknown guest operation '" + name + "'; expected one of "
        + Arrays.stream(values()).map(GuestOperation::apiName).collect(Collectors.joining(", ")));
  }

  public boolean allowedFrom(GuestState state) {
    return from.contains(state);
  }

  /** The states this operation starts from, for messages that say what was wanted. */
  public Set<GuestState> allowedStates() {
    return Collections.unmodifiableSet(from);
  }

  /** The state a guest is in once this operation succeeded from {@code before}. */
  public GuestState after(GuestState before) {
    return to == null ? before : to;
  }

  @Override
  public String toString() {
    return displayName;
  }
}
