package org.vdpacompute.agent.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import org.vdpacompute.core.InvalidValueException;

/**
 * The offloaded switch as a host reports it (CONTRACT section 6): whether its agent plugs VF
 * representors into a bridge ({@code [ovs] plug}), and if so whether it can now, and why not.
 *
 * @param reason why the switch cannot be used, naming the switch and what it answered; null unless
 *     {@link State#DOWN}
 */
public record SwitchStatus(State state, String reason) {

  /** The host's agent does not plug representors: the operator's own tooling does, or none is needed. */
  public static final SwitchStatus NOT_MANAGED = new SwitchStatus(State.NOT_MANAGED, null);
  public static final SwitchStatus UP = new SwitchStatus(State.UP, null);

  public SwitchStatus {
    if (state == null) {
      throw new InvalidValueException("a switch status needs its state");
    }
    if ((state == State.DOWN) != (reason != null && !reason.isBlank())) {
      throw new InvalidValueException("a switch status has a reason exactly when it is down, not when it is " + state);
    }
  }

  public static SwitchStatus down(String reason) {
    return new SwitchStatus(State.DOWN, reason);
  }

  /** Whether guests with ports whose representors are plugged can be given to the host. */
  public boolean usable() {
    return state != State.DOWN;
  }

  /** The switch's state, written as its lower-case name. */
  public enum State {
    NOT_MANAGED,
    UP,
    DOWN;

    @JsonValue
    public String apiName() {
      return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    @JsonCreator
    public static State fromApiName(String name) {
      for (State s : values()) {
        if (s.apiName().equals(name)) return s;
      }
      throw new InvalidValueException("'" + name + "' is not a switch state; expected not managed, up or down");
    }
  }
}
