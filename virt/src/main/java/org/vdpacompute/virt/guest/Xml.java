package org.vdpacompute.virt.guest;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.vdpacompute.core.InvalidValueException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Reads and writes libvirt XML with the JDK's DOM. Parsing refuses DTDs and external entities:
 * device XML reaches a host from the network, and libvirt's own formats never need them.
 */
public final class Xml {
  private Xml() {}

  public static Document newDocument() {
    DocumentBuilder builder = PARSERS.take();
    try {
      return builder.newDocument();
    } finally {
      PARSERS.giveBack(builder);
    }
  }

  /**
   * Parses well-formed XML; whitespace between elements is dropped so that a document edited and
   * written again is indented cleanly.
   */
  public static Document parse(String text) {
    return parse(text, "the document");
  }

  /** {@link #parse(String)}, naming the document ({@code what}) in the error when it is empty or malformed. */
  public static Document parse(String text, String what) {
    if (text == null || text.isBlank()) {
      throw new InvalidValueException(what + " is empty");
    }
    DocumentBuilder builder = PARSERS.take();
    Document doc;
    try {
      doc = builder.parse(new InputSource(new StringReader(text)));
    } catch (SAXException | IOException e) {
      throw new InvalidValueException(what + " is not well-formed XML: " + e.getMessage(), e);
    } finally {
      builder.reset();
      PARSERS.giveBack(builder);
    }
    dropBlankText(doc.getDocumentElement());
    return doc;
  }

  /** The element indented by two spaces, without an XML declaration, as libvirt prints XML. */
  public static String write(Node node) {
    // Not reset between documents: that would drop the output properties, and an identity
    // transform keeps nothing else from one document to the next.
    Transformer writer = WRITERS.take();
    try {
      StringWriter text = new StringWriter();
      writer.transform(new DOMSource(node), new StreamResult(text));
      return text.toString().strip() + "\n";
    } catch (TransformerException e) {
      throw new IllegalStateException("the JDK cannot write XML", e);
    } finally {
      WRITERS.giveBack(writer);
    }
  }

  /** The direct child elements of {@code parent} with the given name, in document order. */
  public static List<Element> children(Element parent, String name) {
    List<Element> found = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) {
        found.add(e);
      }
    }
    return found;
  }

  /** The first direct child element with the given name, or null. */
  public static Element child(Element parent, String name) {
    List<Element> found = children(parent, name);
    return found.isEmpty() ? null : found.get(0);
  }

  /** Appends a new child element with attributes given as name, value pairs. */
  public static Element append(Element parent, String name, String... attributes) {
    Element e = parent.getOwnerDocument().createElement(name);
    for (int i = 0; i + 1 < attributes.length; i += 2) {
      e.setAttribute(attributes[i], attributes[i + 1]);
    }
    parent.appendChild(e);
    return e;
  }

  /** Appends a new child element holding text. */
  public static Element appendText(Element parent, String name, String text) {
    Element e = append(parent, name);
    e.setTextContent(text);
    return e;
  }

  /**
   * Parsers and writers configured once and lent out one document at a time: making the JDK's
   * factories anew for each document (a service lookup and the secure configuration) cost more
   * than the document itself, and neither factories nor their products may be used by two threads
   * at once. Kept per thread they were made again for nearly every guest when many agents' request
   * threads each served a few spawns, as in the boot benchmark (a fifth of an emulated spawn's
   * time); lent from one pool there are only as many as documents being handled at once.
   */
  private static final Lender<DocumentBuilder> PARSERS = new Lender<>(() -> {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setXIncludeAware(false);
      factory.setExpandEntityReferences(false);
      factory.setNamespaceAware(true);
      DocumentBuilder builder = factory.newDocumentBuilder();
      // The JDK's default handler prints every error to stderr before the parse throws it; this
      // one only throws, and the error reaches the caller once, in the exception.
      builder.setErrorHandler(new DefaultHandler() {
        @Override
        public void error(SAXParseException e) throws SAXException {
          throw e;
        }
      });
      return builder;
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK's XML parser lacks a secure configuration", e);
    }
  });

  private static final Lender<Transformer> WRITERS = new Lender<>(() -> {
    try {
      TransformerFactory factory = TransformerFactory.newInstance();
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
      Transformer out = factory.newTransformer();
      out.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
      out.setOutputProperty(OutputKeys.INDENT, "yes");
      out.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
      return out;
    } catch (TransformerException e) {
      throw new IllegalStateException("the JDK cannot write XML", e);
    }
  });

  private static void dropBlankText(Node node) {
    Node n = node.getFirstChild();
    while (n != null) {
      Node next = n.getNextSibling();
      if (n.getNodeType() == Node.TEXT_NODE && n.getTextContent().isBlank()) {
        node.removeChild(n);
      } else if (n.getNodeType() == Node.ELEMENT_NODE) {
        dropBlankText(n);
      }
      n = next;
    }
  }
}
