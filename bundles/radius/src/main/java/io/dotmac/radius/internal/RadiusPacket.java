package io.dotmac.radius.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A RADIUS packet (RFC 2865 framing) as RFC 5176 uses it: Disconnect and CoA requests whose Request Authenticator
 * is MD5(Code | Identifier | Length | 16 zero octets | Attributes | Secret), and the ACK/NAK answers whose Response
 * Authenticator is MD5(Code | Identifier | Length | Request Authenticator | Attributes | Secret).
 */
final class RadiusPacket {

    static final int DISCONNECT_REQUEST = 40;
    static final int DISCONNECT_ACK = 41;
    static final int DISCONNECT_NAK = 42;
    static final int COA_REQUEST = 43;
    static final int COA_ACK = 44;
    static final int COA_NAK = 45;

    static final int USER_NAME = 1;
    static final int NAS_IP_ADDRESS = 4;
    static final int VENDOR_SPECIFIC = 26;
    static final int ACCT_SESSION_ID = 44;
    static final int EVENT_TIMESTAMP = 55;
    static final int ERROR_CAUSE = 101;

    static final int VENDOR_MIKROTIK = 14988;
    static final int MIKROTIK_RATE_LIMIT = 8;
    static final int VENDOR_WISPR = 14122;
    static final int WISPR_BANDWIDTH_MAX_UP = 7;
    static final int WISPR_BANDWIDTH_MAX_DOWN = 8;

    static final int HEADER = 20;
    static final int MAX_LENGTH = 4096;

    /** One attribute: its type and raw value (for a Vendor-Specific one, the vendor id and the vendor's TLV). */
    record Attribute(int type, byte[] value) {

        Attribute {
            if (type < 1 || type > 255 || value.length > 253) {
                throw new IllegalArgumentException("attribute " + type + " of " + value.length + " octets");
            }
        }

        static Attribute text(int type, String value) {
            return new Attribute(type, value.getBytes(StandardCharsets.UTF_8));
        }

        static Attribute integer(int type, long value) {
            return new Attribute(type, ByteBuffer.allocate(4).putInt((int) value).array());
        }

        static Attribute vendor(int vendorId, int vendorType, byte[] value) {
            return new Attribute(VENDOR_SPECIFIC, ByteBuffer.allocate(6 + value.length).putInt(vendorId)
                    .put((byte) vendorType).put((byte) (2 + value.length)).put(value).array());
        }

        String asText() {
            return new String(value, StandardCharsets.UTF_8);
        }

        long asInteger() {
            return value.length == 4 ? ByteBuffer.wrap(value).getInt() & 0xFFFFFFFFL : -1;
        }
    }

    private final int code;
    private final int identifier;
    private final List<Attribute> attributes;

    RadiusPacket(int code, int identifier, List<Attribute> attributes) {
        this.code = code;
        this.identifier = identifier & 0xFF;
        this.attributes = List.copyOf(attributes);
    }

    int code() {
        return code;
    }

    int identifier() {
        return identifier;
    }

    List<Attribute> attributes() {
        return attributes;
    }

    Optional<Attribute> attribute(int type) {
        return attributes.stream().filter(a -> a.type() == type).findFirst();
    }

    /** The packet as sent, its Request Authenticator computed from {@code secret} (RFC 5176 §2.3). */
    byte[] encodeRequest(String secret) {
        byte[] packet = frame(new byte[16]);
        byte[] authenticator = md5(packet, secret.getBytes(StandardCharsets.UTF_8));
        System.arraycopy(authenticator, 0, packet, 4, 16);
        return packet;
    }

    /** The packet as an answer to a request whose authenticator was {@code requestAuthenticator}. */
    byte[] encodeResponse(byte[] requestAuthenticator, String secret) {
        byte[] packet = frame(requestAuthenticator);
        byte[] authenticator = md5(packet, secret.getBytes(StandardCharsets.UTF_8));
        System.arraycopy(authenticator, 0, packet, 4, 16);
        return packet;
    }

    private byte[] frame(byte[] authenticator) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Attribute a : attributes) {
            body.write(a.type());
            body.write(2 + a.value().length);
            body.writeBytes(a.value());
        }
        int length = HEADER + body.size();
        if (length > MAX_LENGTH) {
            throw new IllegalArgumentException("a RADIUS packet of " + length + " octets");
        }
        return ByteBuffer.allocate(length).put((byte) code).put((byte) identifier).putShort((short) length)
                .put(authenticator).put(body.toByteArray()).array();
    }

    /** The 16 octets of a packet's authenticator. */
    static byte[] authenticatorOf(byte[] packet) {
        return Arrays.copyOfRange(packet, 4, HEADER);
    }

    /**
     * Reads an answer to the request {@code request} (as sent): its identifier must match and its Response
     * Authenticator must verify with {@code secret}.
     *
     * @throws IllegalArgumentException for anything else
     */
    static RadiusPacket decodeResponse(byte[] data, int length, byte[] request, String secret) {
        RadiusPacket p = decode(data, length);
        if (p.identifier != (request[1] & 0xFF)) {
            throw new IllegalArgumentException("identifier " + p.identifier + " answers another request");
        }
        byte[] copy = Arrays.copyOf(data, declaredLength(data, length));
        byte[] claimed = authenticatorOf(copy);
        System.arraycopy(request, 4, copy, 4, 16);
        if (!MessageDigest.isEqual(claimed, md5(copy, secret.getBytes(StandardCharsets.UTF_8)))) {
            throw new IllegalArgumentException("the Response Authenticator does not verify (wrong secret?)");
        }
        return p;
    }

    /**
     * Reads a Disconnect or CoA request and checks its Request Authenticator with {@code secret} (the NAS's side).
     *
     * @throws IllegalArgumentException when it is malformed or does not verify
     */
    static RadiusPacket decodeRequest(byte[] data, int length, String secret) {
        RadiusPacket p = decode(data, length);
        byte[] copy = Arrays.copyOf(data, declaredLength(data, length));
        byte[] claimed = authenticatorOf(copy);
        Arrays.fill(copy, 4, HEADER, (byte) 0);
        if (!MessageDigest.isEqual(claimed, md5(copy, secret.getBytes(StandardCharsets.UTF_8)))) {
            throw new IllegalArgumentException("the Request Authenticator does not verify (wrong secret?)");
        }
        return p;
    }

    private static int declaredLength(byte[] data, int length) {
        if (length < HEADER) {
            throw new IllegalArgumentException("a packet of " + length + " octets");
        }
        int declared = ((data[2] & 0xFF) << 8) | (data[3] & 0xFF);
        if (declared < HEADER || declared > length || declared > MAX_LENGTH) {
            throw new IllegalArgumentException("length " + declared + " in a datagram of " + length);
        }
        return declared;
    }

    private static RadiusPacket decode(byte[] data, int length) {
        int end = declaredLength(data, length);
        List<Attribute> attributes = new ArrayList<>();
        int i = HEADER;
        while (i < end) {
            if (i + 2 > end) {
                throw new IllegalArgumentException("a truncated attribute at " + i);
            }
            int type = data[i] & 0xFF;
            int len = data[i + 1] & 0xFF;
            if (len < 2 || i + len > end) {
                throw new IllegalArgumentException("attribute " + type + " of length " + len + " at " + i);
            }
            attributes.add(new Attribute(type, Arrays.copyOfRange(data, i + 2, i + len)));
            i += len;
        }
        return new RadiusPacket(data[0] & 0xFF, data[1], attributes);
    }

    private static byte[] md5(byte[] packet, byte[] secret) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update(packet);
            md5.update(secret);
            return md5.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every Java runtime", e);
        }
    }
}
