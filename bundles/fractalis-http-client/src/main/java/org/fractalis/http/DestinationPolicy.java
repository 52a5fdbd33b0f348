package org.fractalis.http;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.Optional;

/**
 * Which destinations a {@link SourceClient} may contact: the guard against server-side request forgery
 * (a user naming {@code http://127.0.0.1:8181/}, an internal host or the cloud metadata service as a data
 * source). Immutable and thread-safe.
 *
 * <p>The rule of {@link #of(UrlAllowList, String)}:
 * <ul>
 * <li>A URL the operator's allow-list names is allowed, whatever its address (the operator vouches for it).</li>
 * <li>With a non-empty allow-list, every other URL is refused.</li>
 * <li>With an empty allow-list, a URL is allowed only when <em>every</em> address its host resolves to is a
 * public one: not loopback, private (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7, fec0::/10),
 * link-local (169.254/16 with the cloud metadata address 169.254.169.254, fe80::/10), multicast, unspecified
 * or "this network" (0/8, ::), broadcast or reserved (240/4), nor an IPv6 form that embeds such an IPv4
 * address (IPv4-mapped {@code ::ffff:a.b.c.d}, IPv4-compatible {@code ::a.b.c.d}, NAT64 {@code 64:ff9b::/96},
 * 6to4 {@code 2002::/16}).</li>
 * </ul>
 *
 * <p>The addresses are checked after DNS resolution, for every hop (redirect targets included). Against DNS
 * rebinding the client checks the host right before each request and again when the answer's headers have
 * arrived, before any of the body is read; both checks and the JDK client's own connection use the JVM's
 * address cache ({@code networkaddress.cache.ttl}, 30 s by default), so a host that answers a public address
 * to the check and a private one to the connection is caught by the second check and its answer dropped.
 * Do not set {@code networkaddress.cache.ttl} to 0 on nodes that rely on this rule; name internal sources
 * in the allow-list instead.
 */
public final class DestinationPolicy {
    /** Resolves a host name (or IP literal, possibly in brackets) to all its addresses. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** Any destination: only for URLs the operator configured (e.g. an OIDC issuer), never for user input. */
    public static final DestinationPolicy ANY = new DestinationPolicy(null, null, null, true);

    /** Public addresses only, no exceptions. */
    public static final DestinationPolicy PUBLIC = of(UrlAllowList.parse(java.util.List.of()), null);

    private final UrlAllowList allowList;
    private final String hint;
    private final Resolver resolver;
    private final boolean any;

    private DestinationPolicy(UrlAllowList allowList, String hint, Resolver resolver, boolean any) {
        this.allowList = allowList;
        this.hint = hint;
        this.resolver = resolver;
        this.any = any;
    }

    /**
     * The policy for user-named URLs: the allow-list's URLs, or (when it is empty) public addresses only.
     *
     * @param allowList the operator's URL prefixes
     * @param hint where an operator allows more, for messages, e.g.
     *     {@code allowed.servers in etc/org.fractalis.connector.ada.cfg}; null for none
     */
    public static DestinationPolicy of(UrlAllowList allowList, String hint) {
        return new DestinationPolicy(Objects.requireNonNull(allowList, "allowList"), hint, InetAddress::getAllByName,
                false);
    }

    /** The same policy with another resolver (tests). */
    public DestinationPolicy withResolver(Resolver r) {
        return any ? this : new DestinationPolicy(allowList, hint, Objects.requireNonNull(r, "resolver"), false);
    }

    /** The operator's allow-list (empty for {@link #ANY}). */
    public UrlAllowList allowList() {
        return any ? UrlAllowList.parse(java.util.List.of()) : allowList;
    }

    /**
     * Checks a destination.
     *
     * @throws HttpException {@link HttpException.Reason#FORBIDDEN_DESTINATION} with a message that names the
     *     rule (not the resolved address), or {@link HttpException.Reason#CONNECT} for an unknown host
     */
    public void check(URI uri) throws HttpException {
        if (any) {
            return;
        }
        if (uri == null || uri.getHost() == null) {
            throw new HttpException(HttpException.Reason.INVALID_REQUEST, "The URL has no host.");
        }
        if (allowList.allows(uri)) {
            return;
        }
        String where = Redaction.uri(uri);
        if (!allowList.isEmpty()) {
            throw new HttpException(HttpException.Reason.FORBIDDEN_DESTINATION,
                    where + " is not allowed here" + (hint == null ? "" : " (" + hint + ")") + ".");
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(uri.getHost());
        } catch (UnknownHostException | SecurityException e) {
            throw new HttpException(HttpException.Reason.CONNECT,
                    "Could not connect to " + uri.getHost() + ": unknown host.");
        }
        if (addresses == null || addresses.length == 0) {
            throw new HttpException(HttpException.Reason.CONNECT,
                    "Could not connect to " + uri.getHost() + ": unknown host.");
        }
        for (InetAddress a : addresses) {
            Optional<String> r = restriction(a);
            if (r.isPresent()) {
                throw new HttpException(HttpException.Reason.FORBIDDEN_DESTINATION, "The host of " + where
                        + " is " + r.get() + "; this node does not contact loopback, private, link-local, multicast"
                        + " or unspecified addresses unless the operator allows the server"
                        + (hint == null ? "" : " (" + hint + ")") + ".");
            }
        }
    }

    /**
     * Why an address is not public, as a phrase for messages ("a loopback address", …), or empty for a public
     * address.
     */
    public static Optional<String> restriction(InetAddress a) {
        if (a instanceof Inet4Address) {
            return restriction4(a.getAddress());
        }
        if (a instanceof Inet6Address) {
            return restriction6(a.getAddress());
        }
        return Optional.of("an address of an unknown family");
    }

    private static Optional<String> restriction4(byte[] b) {
        int o0 = b[0] & 0xff;
        int o1 = b[1] & 0xff;
        if (o0 == 127) {
            return Optional.of("a loopback address");
        }
        if (o0 == 0) {
            return Optional.of("an unspecified address");
        }
        if (o0 == 10 || o0 == 172 && (o1 & 0xf0) == 16 || o0 == 192 && o1 == 168
                || o0 == 100 && (o1 & 0xc0) == 64) { // 100.64/10: carrier-grade NAT, internal to a provider
            return Optional.of("a private address");
        }
        if (o0 == 169 && o1 == 254) {
            return Optional.of("a link-local address (this includes the cloud metadata service)");
        }
        if ((o0 & 0xf0) == 224) {
            return Optional.of("a multicast address");
        }
        if ((o0 & 0xf0) == 240) {
            return Optional.of("a reserved or broadcast address");
        }
        return Optional.empty();
    }

    private static Optional<String> restriction6(byte[] b) {
        boolean zero10 = true;
        for (int i = 0; i < 10; i++) {
            zero10 &= b[i] == 0;
        }
        boolean zero12 = zero10 && b[10] == 0 && b[11] == 0;
        if (zero12) {
            boolean zeroHigh = b[12] == 0 && b[13] == 0 && b[14] == 0;
            if (zeroHigh && b[15] == 0) {
                return Optional.of("an unspecified address");
            }
            if (zeroHigh && b[15] == 1) {
                return Optional.of("a loopback address");
            }
            return restriction4(tail4(b, 12)); // IPv4-compatible ::a.b.c.d
        }
        if (zero10 && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return restriction4(tail4(b, 12)); // IPv4-mapped (the JDK usually turns these into Inet4Address)
        }
        int h0 = b[0] & 0xff;
        int h1 = b[1] & 0xff;
        if (h0 == 0x00 && h1 == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
            boolean wellKnown = true;
            for (int i = 4; i < 12; i++) {
                wellKnown &= b[i] == 0;
            }
            if (wellKnown) {
                return restriction4(tail4(b, 12)); // NAT64 64:ff9b::/96 reaches the embedded IPv4 address
            }
        }
        if (h0 == 0x20 && h1 == 0x02) {
            return restriction4(tail4(b, 2)); // 6to4 2002:aabb:ccdd::/48 reaches aa.bb.cc.dd
        }
        if ((h0 & 0xfe) == 0xfc) {
            return Optional.of("a private address"); // fc00::/7 unique local, includes fd00:ec2::254 (metadata)
        }
        if (h0 == 0xfe && (h1 & 0xc0) == 0x80) {
            return Optional.of("a link-local address (this includes the cloud metadata service)");
        }
        if (h0 == 0xfe && (h1 & 0xc0) == 0xc0) {
            return Optional.of("a private address"); // fec0::/10, deprecated site-local
        }
        if (h0 == 0xff) {
            return Optional.of("a multicast address");
        }
        return Optional.empty();
    }

    private static byte[] tail4(byte[] b, int from) {
        return new byte[] {b[from], b[from + 1], b[from + 2], b[from + 3]};
    }
}
