package org.vdpacompute.controller.agents;

/** What the controller asks of a guest's power, through its host's agent ({@link AgentClient#power}). */
public enum PowerAction {
  STOP,
  START,
  REBOOT
}
