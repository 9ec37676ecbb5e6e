package org.vdpacompute.api.http;

import javax.net.ssl.SSLContext;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** The listener's HTTPS connector: Jetty's TLS over the key and certificates of an {@link SSLContext}. */
final class TlsConnector {
  private TlsConnector() {}

  static ServerConnector of(Server jetty, HttpConfiguration http, SSLContext tls, String host, int port) {
    SslContextFactory.Server factory = new SslContextFactory.Server();
    factory.setSslContext(tls);
    HttpConfiguration https = new HttpConfiguration(http);
    // Requests are marked secure; the certificate need not name whatever host a client asked for
    // (a client that checks names, as every OpenStack client does, refuses a mismatch itself).
    https.addCustomizer(new SecureRequestCustomizer(false));
    ServerConnector connector = new ServerConnector(jetty, new SslConnectionFactory(factory, HttpVersion.HTTP_1_1.asString()),
        new HttpConnectionFactory(https));
    connector.setHost(host);
    connector.setPort(port);
    return connector;
  }
}
