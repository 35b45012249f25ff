package io.dotmac.radius.internal;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;

/**
 * Sends one RFC 5176 request (Disconnect or CoA) to a NAS over UDP and waits for its verified answer, sending the
 * same datagram again after each {@code timeout} (the same identifier and authenticator, as §2.3 asks) up to
 * {@code attempts} times. Answers that do not verify are ignored, as RFC 2865 says.
 */
final class DynamicAuthorization {

    /** What the NAS answered: ACK, NAK (with Error-Cause, or null), or TIMEOUT. */
    record Answer(String result, Integer errorCause) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Duration timeout;
    private final int attempts;

    DynamicAuthorization(Duration timeout, int attempts) {
        this.timeout = timeout;
        this.attempts = attempts;
    }

    Answer send(RadiusPacket request, String host, int port, String secret) throws IOException {
        byte[] bytes = request.encodeRequest(secret);
        InetSocketAddress nas = new InetSocketAddress(InetAddress.getByName(host), port);
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            byte[] buffer = new byte[RadiusPacket.MAX_LENGTH];
            for (int attempt = 0; attempt < attempts; attempt++) {
                socket.send(new DatagramPacket(bytes, bytes.length, nas));
                long deadline = System.nanoTime() + timeout.toNanos();
                while (System.nanoTime() < deadline) {
                    DatagramPacket answer = new DatagramPacket(buffer, buffer.length);
                    try {
                        socket.receive(answer);
                    } catch (SocketTimeoutException e) {
                        break;
                    }
                    if (!answer.getAddress().equals(nas.getAddress())) {
                        continue;
                    }
                    RadiusPacket p;
                    try {
                        p = RadiusPacket.decodeResponse(answer.getData(), answer.getLength(), bytes, secret);
                    } catch (IllegalArgumentException ignored) {
                        continue; // not an answer to this request: keep waiting
                    }
                    boolean ack = p.code() == RadiusPacket.DISCONNECT_ACK || p.code() == RadiusPacket.COA_ACK;
                    Integer cause = p.attribute(RadiusPacket.ERROR_CAUSE).map(a -> (int) a.asInteger()).orElse(null);
                    return new Answer(ack ? "ACK" : "NAK", cause);
                }
            }
        }
        return new Answer("TIMEOUT", null);
    }

    /** A fresh identifier for a request. */
    static int identifier() {
        return RANDOM.nextInt(256);
    }
}
