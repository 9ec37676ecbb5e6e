package org.vdpacompute.virt.libvirt;

import java.util.ArrayList;
import java.util.List;
import javax.xml.namespace.QName;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The XML libvirt hands out, parsed as the guests' XML is (no DTDs, no external entities) and read
 * with the JDK's XPath.
 */
final class Xml {
  // XPath objects are not thread-safe; each thread keeps its own. An agent's request threads are
  // few and long-lived, so each is made a few times in the process's life.
  private static final ThreadLocal<XPath> XPATH =
      ThreadLocal.withInitial(() -> XPathFactory.newInstance().newXPath());

  private Xml() {}

  /** Parses {@code xml}; {@code what} names the document in the error when it is missing or malformed. */
  static Document parse(String xml, String what) {
    return org.vdpacompute.virt.guest.Xml.parse(xml, what);
  }

  /** The text of the first node {@code expr} selects, trimmed; null when it selects nothing. */
  static String text(Node context, String expr) {
    Node node = (Node) evaluate(context, expr, XPathConstants.NODE);
    if (node == null) {
      return null;
    }
    String text = node.getTextContent();
    return text == null ? null : text.trim();
  }

  /** Whether {@code expr} selects anything. */
  static boolean exists(Node context, String expr) {
    return evaluate(context, expr, XPathConstants.NODE) != null;
  }

  static List<Node> nodes(Node context, String expr) {
    NodeList list = (NodeList) evaluate(context, expr, XPathConstants.NODESET);
    List<Node> nodes = new ArrayList<>(list.getLength());
    for (int i = 0; i < list.getLength(); i++) {
      nodes.add(list.item(i));
    }
    return nodes;
  }

  private static Object evaluate(Node context, String expr, QName type) {
    try {
      return XPATH.get().evaluate(expr, context, type);
    } catch (XPathExpressionException e) {
      // The expressions are constants of this module: a bad one is a programming error.
      throw new IllegalArgumentException("bad XPath expression " + expr, e);
    }
  }
}
