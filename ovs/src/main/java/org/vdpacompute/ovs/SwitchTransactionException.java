package org.vdpacompute.ovs;

/**
 * The switch's database refused a transaction for a reason other than a concurrent change (a
 * constraint, a schema that lacks a column), or kept losing to concurrent changes.
 */
public class SwitchTransactionException extends SwitchException {
  public SwitchTransactionException(String endpoint, String message) {
    super(endpoint, message, null);
  }
}
