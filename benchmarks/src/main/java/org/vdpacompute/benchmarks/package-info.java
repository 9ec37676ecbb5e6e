/** Benchmarks that print figures as JSON lines; run with {@code bin/benchmark}. */
package org.vdpacompute.benchmarks;
