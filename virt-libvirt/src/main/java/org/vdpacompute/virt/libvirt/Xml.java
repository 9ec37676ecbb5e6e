package org.vdpacompute.virt.libvirt;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.vdpacompute.core.InvalidValueException;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * The JDK's DOM and XPath, set up once for the XML libvirt hands out. Documents with a DOCTYPE are
 * refused: libvirt never writes one, and refusing it rules out external entities.
 */
final class Xml {

  private static final DocumentBuilderFactory FACTORY = newFactory();
  // XPath and DocumentBuilder objects are not thread-safe; each thread keeps its own.
  private static final ThreadLocal<XPath> XPATH =
      ThreadLocal.withInitial(() -> XPathFactory.newInstance().newXPath());
  private static final ThreadLocal<DocumentBuilder> BUILDER = ThreadLocal.withInitial(Xml::newBuilder);

  private Xml() {}

  /** Parses {@code xml}; {@code what} names the document in the error when it is malformed. */
  static Document parse(String xml, String what) {
    if (xml == null) {
      throw new InvalidValueException(what + " is missing");
    }
    DocumentBuilder builder = BUILDER.get();
    builder.reset();
    try {
      return builder.parse(new InputSource(new StringReader(xml)));
    } catch (SAXException | IOException e) {
      throw new InvalidValueException(what + " is not well-formed XML: " + e.getMessage(), e);
    }
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

  private static Object evaluate(Node context, String expr, javax.xml.namespace.QName type) {
    try {
      return XPATH.get().evaluate(expr, context, type);
    } catch (XPathExpressionException e) {
      // The expressions are constants of this module: a bad one is a programming error.
      throw new IllegalArgumentException("bad XPath expression " + expr, e);
    }
  }

  private static DocumentBuilderFactory newFactory() {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    try {
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK's XML parser lacks a standard feature", e);
    }
    factory.setXIncludeAware(false);
    factory.setExpandEntityReferences(false);
    return factory;
  }

  private static DocumentBuilder newBuilder() {
    try {
      DocumentBuilder builder = FACTORY.newDocumentBuilder();
      // The default handler prints each error to stderr before throwing it; this one only throws.
      builder.setErrorHandler(new DefaultHandler() {
        @Override
        public void error(SAXParseException e) throws SAXException {
          throw e;
        }
      });
      return builder;
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK's XML parser cannot be configured", e);
    }
  }
}
