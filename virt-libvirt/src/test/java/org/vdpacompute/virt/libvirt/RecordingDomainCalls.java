package org.vdpacompute.virt.libvirt;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A stand-in for what libvirt's test driver cannot do, hot-plug and migration, on guests that the
 * test driver really runs: it records each libvirt call exactly (function, guest, XML, flags) and
 * acts as libvirt with QEMU does. An attached device enters the live domain with its user alias, or
 * with libvirt's own ({@code net0}, {@code hostdev0}); a detached one leaves it only when the guest
 * releases it, which libvirt reports with its device-removed event, given here to the connection
 * as its event thread would.
 * What the guest does with an unplug request is the test's choice ({@link Guest}).
 */
final class RecordingDomainCalls implements DomainCalls {

  /** One libvirt call as it was made. */
  record Call(String function, UUID domain, String xml, long flags, String uri) {}

  /** What the guest does when asked to let go of a device. */
  enum Guest {
    /** Acknowledges the unplug a little later, as a guest OS does. */
    RELEASES,
    /** Never answers: the device stays the guest's. */
    IGNORES,
    /** QEMU reports the unplug failed. */
    REFUSES
  }

  private final LibvirtConnection conn;
  private final List<Call> calls = new ArrayList<>();
  private final Map<UUID, Document> live = new HashMap<>();
  private Guest guest = Guest.RELEASES;

  RecordingDomainCalls(LibvirtConnection conn) {
    this.conn = conn;
  }

  void guest(Guest behaviour) {
    this.guest = behaviour;
  }

  synchronized List<Call> calls() {
    return List.copyOf(calls);
  }

  @Override
  public synchronized String xmlDesc(Domain domain) throws LibvirtException {
    return text(document(domain));
  }

  @Override
  public synchronized void attachDeviceFlags(Domain domain, String deviceXml, int flags) throws LibvirtException {
    UUID uuid = uuid(domain);
    calls.add(new Call("virDomainAttachDeviceFlags", uuid, deviceXml, flags, null));
    Document doc = document(domain);
    Element device = (Element) doc.importNode(Xml.parse(deviceXml, "device XML").getDocumentElement(), true);
    // A device with a user alias (ua-...) keeps it, as libvirt keeps it; others get libvirt's own.
    if (!Xml.exists(device, "alias")) {
      String prefix = device.getTagName().equals("interface") ? "net" : "hostdev";
      int n = Xml.nodes(doc, "/domain/devices/" + device.getTagName()).size();
      Element alias = doc.createElement("alias");
      alias.setAttribute("name", prefix + n);
      device.appendChild(alias);
    }
    Xml.nodes(doc, "/domain/devices").get(0).appendChild(device);
  }

  @Override
  public synchronized void detachDeviceFlags(Domain domain, String deviceXml, int flags) throws LibvirtException {
    UUID uuid = uuid(domain);
    calls.add(new Call("virDomainDetachDeviceFlags", uuid, deviceXml, flags, null));
    Document doc = document(domain);
    String alias = DeviceAliases.find(text(doc), deviceXml).orElseThrow().alias();
    Node device = Xml.nodes(doc, "/domain/devices/*[alias/@name='" + alias + "']").get(0);
    switch (guest) {
      case RELEASES -> CompletableFuture.runAsync(() -> {
        synchronized (this) {
          device.getParentNode().removeChild(device);
        }
        conn.removals().event(uuid, alias, DeviceRemovals.Outcome.REMOVED);
      }, CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));
      case REFUSES -> CompletableFuture.runAsync(() -> conn.removals().event(uuid, alias, DeviceRemovals.Outcome.FAILED),
          CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));
      case IGNORES -> { }
    }
  }

  @Override
  public synchronized void migrateToUri(Domain domain, String destinationUri, String domainXml, long flags)
      throws LibvirtException {
    calls.add(new Call("virDomainMigrateToURI2", uuid(domain), domainXml, flags, destinationUri));
  }

  private Document document(Domain domain) throws LibvirtException {
    UUID uuid = uuid(domain);
    Document doc = live.get(uuid);
    if (doc == null) {
      doc = Xml.parse(domain.getXMLDesc(0), "domain XML");
      live.put(uuid, doc);
    }
    return doc;
  }

  private static UUID uuid(Domain domain) throws LibvirtException {
    return UUID.fromString(domain.getUUIDString());
  }

  private static String text(Document doc) {
    try {
      var transformer = TransformerFactory.newInstance().newTransformer();
      transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
      StringWriter out = new StringWriter();
      transformer.transform(new DOMSource(doc), new StreamResult(out));
      return out.toString();
    } catch (javax.xml.transform.TransformerException e) {
      throw new IllegalStateException(e);
    }
  }
}
