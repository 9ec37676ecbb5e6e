package org.vdpacompute.app.startup;

/** A listener's address cannot be bound: another process holds it, or it is not this machine's. */
public final class AddressUnavailableException extends StartRefusedException {
  private final String address;

  /**
   * @param address the {@code host:port} that could not be bound
   * @param setBy what set it, for the operator to change: {@code [api] listen in FILE}, {@code --port}
   * @param cause the failure to bind, whose message says why (Address already in use)
   */
  public AddressUnavailableException(String address, String setBy, Throwable cause) {
    super("cannot listen on " + address + " (" + setBy + "): " + cause.getMessage(), cause);
    this.address = address;
  }

  public String address() {
    return address;
  }
}
