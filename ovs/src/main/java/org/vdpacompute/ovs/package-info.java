/**
 * The offloaded switch: {@link org.vdpacompute.ovs.SwitchPorts} plugs a port's VF representor into
 * the integration bridge as os-vif's OVS plugin does for hardware offload, unplugs it, lists what
 * is plugged and says whether the switch can be reached. The implementation speaks OVSDB (RFC 7047)
 * itself, JSON-RPC over a unix socket or TCP with Jackson trees, since no maintained Java OVSDB
 * library exists outside OpenDaylight's OSGi stack. {@link org.vdpacompute.ovs.SwitchReconciliation}
 * is the pure plan that brings the bridge back in line after an agent was killed.
 */
package org.vdpacompute.ovs;
