package org.vdpacompute.app.config;

import java.nio.file.Path;

/**
 * {@code [emulated]}: the emulated hypervisor.
 *
 * @param topology the host's topology file (JSON); null for the built-in reference host
 */
public record EmulatedSection(Path topology) {}
