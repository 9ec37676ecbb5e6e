package org.vdpacompute.virt.libvirt;

import org.libvirt.Domain;
import org.libvirt.LibvirtException;

/**
 * The libvirt calls that hot-plug and live migration make on a domain, in one place so that the
 * exact calls can be recorded where libvirt's test driver cannot make them (it implements neither
 * device hot-plug nor migration). {@link #LIBVIRT} makes them through the bindings.
 */
interface DomainCalls {

  /** {@code virDomainGetXMLDesc(dom, 0)}: the live definition of a running guest. */
  String xmlDesc(Domain domain) throws LibvirtException;

  /** {@code virDomainAttachDeviceFlags}. */
  void attachDeviceFlags(Domain domain, String deviceXml, int flags) throws LibvirtException;

  /** {@code virDomainDetachDeviceFlags}. */
  void detachDeviceFlags(Domain domain, String deviceXml, int flags) throws LibvirtException;

  /** {@code virDomainMigrateToURI2} with a destination connection URI and no migration URI. */
  void migrateToUri(Domain domain, String destinationUri, String domainXml, long flags) throws LibvirtException;

  DomainCalls LIBVIRT = new DomainCalls() {
    @Override
    public String xmlDesc(Domain domain) throws LibvirtException {
      return domain.getXMLDesc(0);
    }

    @Override
    public void attachDeviceFlags(Domain domain, String deviceXml, int flags) throws LibvirtException {
      domain.attachDeviceFlags(deviceXml, flags);
    }

    @Override
    public void detachDeviceFlags(Domain domain, String deviceXml, int flags) throws LibvirtException {
      domain.detachDeviceFlags(deviceXml, flags);
    }

    @Override
    public void migrateToUri(Domain domain, String destinationUri, String domainXml, long flags)
        throws LibvirtException {
      domain.migrateToURI(destinationUri, null, domainXml, flags, null, 0);
    }
  };
}
