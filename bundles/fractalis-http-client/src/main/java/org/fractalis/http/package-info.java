/**
 * HTTP plumbing shared by the connectors: one well-kept client (the JDK's {@code java.net.http}) with
 * connect and read timeouts, a response size cap, TLS verification on by default, form and JSON bodies,
 * cookie parsing, interrupt-friendly waits, plus a small RFC 4180 CSV reader and URL allow-lists.
 *
 * <p>No third-party classes appear in this API, so the bundle needs nothing but the JDK.
 */
@Export
@Version("1.2.0")
package org.fractalis.http;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
