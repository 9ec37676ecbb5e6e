/**
 * The networking records in the database: {@link org.vdpacompute.store.network.JdbcNetworkStore}
 * implements the controller's {@code NetworkStore} over {@link org.vdpacompute.store.Database}.
 * One package-private class per table holds its SQL ({@code NetworkTable}, {@code SubnetTable},
 * {@code PortTable}); {@code ConstraintViolation} turns a broken constraint into the conflict it means.
 * Schema: {@code db/migration/V3__networks.sql}.
 */
package org.vdpacompute.store.network;

import org.vdpacompute.store.ConstraintViolation;
