package org.vdpacompute.controller.workflows;

import org.vdpacompute.core.ConflictException;

/**
 * A server changed under an operation that was recording what it did: the API marked it for
 * deletion meanwhile (the one change that does not wait for the server's other tasks). The
 * operation undoes its own steps and stops; the delete, queued behind it, does the rest.
 */
final class InstanceChangedException extends ConflictException {
  InstanceChangedException(String instanceUuid, String while_) {
    super("server " + instanceUuid + " changed while " + while_ + "; try again");
  }
}
