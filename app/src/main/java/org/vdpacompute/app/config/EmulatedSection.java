package org.vdpacompute.app.config;

import java.nio.file.Path;

/**
 * {@code [emulated]}: the emulated hypervisor.
 *
 * @param topology the host's topology file (JSON); null for the built-in reference host
 * @param representorPrefix what the names of the VF representors the topology does not name start
 *     with, followed by {@code pfNvfM}; null for the names systemd gives ({@code enp6s0f0npf0vf0}).
 *     Emulated hosts that plug into one switch (the all-in-one's) need names apart, since an Open
 *     vSwitch database has one port of a name.
 */
public record EmulatedSection(Path topology, String representorPrefix) {}
