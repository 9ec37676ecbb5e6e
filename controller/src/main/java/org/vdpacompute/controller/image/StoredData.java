package org.vdpacompute.controller.image;

/**
 * What storing an image's data found out about it while streaming it to disk.
 *
 * @param md5 hex digest, Glance's {@code checksum}
 * @param sha512 hex digest, Glance's {@code os_hash_value}
 */
public record StoredData(long size, String md5, String sha512) {
  public StoredData {
    if (size < 0) throw new IllegalArgumentException("size " + size + " < 0");
  }
}
