package org.vdpacompute.core.pci.spec;

/**
 * What is wrong with one value, found by a helper that does not know which configuration entry it
 * is reading. The entry's parser catches it and raises the public exception with the entry, key and
 * value; it never leaves this package.
 */
final class ValueProblem extends RuntimeException {
  private final String part;

  /**
   * @param part the sub-key the problem is about (an address field), or null for the value itself
   */
  ValueProblem(String part, String problem) {
    super(problem, null, false, false);
    this.part = part;
  }

  ValueProblem(String problem) {
    this(null, problem);
  }

  String part() {
    return part;
  }
}
