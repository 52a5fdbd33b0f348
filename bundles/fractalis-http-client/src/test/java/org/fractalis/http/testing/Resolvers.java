package org.fractalis.http.testing;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.fractalis.http.DestinationPolicy;

/** Resolvers for {@link DestinationPolicy#withResolver}: let unit tests talk to a loopback fake as if it were public. */
public final class Resolvers {
    /** Every host "resolves" to 93.184.216.34 (a public address) for the check; the connection is unchanged. */
    public static final DestinationPolicy.Resolver ALL_PUBLIC = host -> new InetAddress[] {public4()};

    private Resolvers() {
    }

    private static InetAddress public4() {
        try {
            return InetAddress.getByAddress(new byte[] {93, (byte) 184, (byte) 216, 34});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
