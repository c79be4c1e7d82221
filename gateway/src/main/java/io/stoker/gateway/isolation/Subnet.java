package io.stoker.gateway.isolation;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** One IP range in CIDR form ({@code 172.18.0.0/16}, {@code fd00::/64}): does an address fall inside it. */
record Subnet(byte[] network, int prefix) {

    /** Reads {@code address/prefix}; an address alone is the range of that one address. */
    static Subnet parse(String cidr) {
        int slash = cidr.indexOf('/');
        String address = slash < 0 ? cidr : cidr.substring(0, slash);
        byte[] bytes = literal(address);
        if (bytes == null) {
            throw new IllegalArgumentException("'" + cidr + "' is not an IP range (e.g. 172.18.0.0/16)");
        }
        int prefix = bytes.length * 8;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(cidr.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + cidr + "' has no prefix length after '/'", e);
            }
            if (prefix < 0 || prefix > bytes.length * 8) {
                throw new IllegalArgumentException("'" + cidr + "' has a prefix length out of range");
            }
        }
        return new Subnet(bytes, prefix);
    }

    boolean contains(byte[] address) {
        if (address == null || address.length != network.length) {
            return false;
        }
        int whole = prefix / 8;
        for (int i = 0; i < whole; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (address[whole] & mask) == (network[whole] & mask);
    }

    /**
     * The bytes of an IP literal (IPv4-mapped IPv6 as IPv4), or null for anything else. Only literals: a name would
     * mean a DNS lookup, and the addresses here come from sockets and the engine, never from names.
     */
    static byte[] literal(String address) {
        if (address == null || address.isEmpty()
                || !(Character.digit(address.charAt(0), 16) >= 0 || address.charAt(0) == ':' || address.charAt(0) == '[')) {
            return null;
        }
        String bare = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1)
                : address;
        if (bare.indexOf(':') < 0 && !bare.matches("[0-9.]+")) {
            return null;
        }
        try {
            // For a literal, getByName parses and does not look anything up.
            return InetAddress.getByName(bare).getAddress();
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }
}
