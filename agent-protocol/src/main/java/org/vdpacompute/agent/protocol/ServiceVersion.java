package org.vdpacompute.agent.protocol;

/**
 * The compute service version an agent reports: what it can do with vDPA ports. 1: boot, delete
 * and every move; 2: also interface attach and detach; 3: also suspend, resume and live migration.
 */
public final class ServiceVersion {
  /** The version of this release's agents. */
  public static final int CURRENT = 3;

  private ServiceVersion() {}
}
