package org.vdpacompute.virt.guest;

/**
 * The {@code type} of a libvirt domain. Hosts run {@link #KVM}; libvirt's {@code test:///default}
 * driver accepts only {@link #TEST} domains, which is what tests that define guests there use.
 */
public enum DomainType {
  KVM("kvm"),
  QEMU("qemu"),
  TEST("test");

  private final String xmlName;

  DomainType(String xmlName) {
    this.xmlName = xmlName;
  }

  public String xmlName() {
    return xmlName;
  }
}
