package org.vdpacompute.virt.libvirt;

import org.libvirt.Library;
import org.libvirt.LibvirtException;

/**
 * libvirt's default event loop, run on one daemon thread for the whole process. libvirt delivers
 * domain events (device removed, lifecycle) only to a process that registered an event loop
 * implementation before opening its connections, and only while something runs that loop.
 */
final class EventLoop {
  private static final System.Logger LOG = System.getLogger(EventLoop.class.getName());
  private static Thread thread;

  private EventLoop() {}

  /** Registers the loop and starts its thread once; later calls do nothing. */
  static synchronized void ensureRunning() throws LibvirtException {
    if (thread != null) {
      return;
    }
    Library.initEventLoop();
    thread = new Thread(EventLoop::run, "libvirt-events");
    thread.setDaemon(true);
    thread.start();
  }

  private static void run() {
    try {
      Library.runEventLoop();
    } catch (LibvirtException e) {
      // Events stop: detaches then time out with their own error, and stop falls back to polling.
      LOG.log(System.Logger.Level.ERROR, "libvirt's event loop stopped; domain events are no longer received", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
