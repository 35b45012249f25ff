package io.dotmac.radius.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** RFC 5176 framing, checked against itself and against FreeRADIUS's own radclient as the sender. */
class RadiusPacketTest {

    private static final String SECRET = "s3cret-nas";

    private static RadiusPacket disconnect() {
        return new RadiusPacket(RadiusPacket.DISCONNECT_REQUEST, 7, List.of(
                RadiusPacket.Attribute.text(RadiusPacket.USER_NAME, "alice@acme"),
                RadiusPacket.Attribute.text(RadiusPacket.ACCT_SESSION_ID, "8100001a"),
                RadiusPacket.Attribute.vendor(RadiusPacket.VENDOR_MIKROTIK, RadiusPacket.MIKROTIK_RATE_LIMIT,
                        "10M/50M".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void aRequestVerifiesWithItsSecretOnlyAndKeepsItsAttributes() {
        byte[] bytes = disconnect().encodeRequest(SECRET);
        assertEquals(40, bytes[0]);
        assertEquals(bytes.length, ((bytes[2] & 0xFF) << 8) | (bytes[3] & 0xFF));
        RadiusPacket read = RadiusPacket.decodeRequest(bytes, bytes.length, SECRET);
        assertEquals("alice@acme", read.attribute(RadiusPacket.USER_NAME).orElseThrow().asText());
        byte[] vsa = read.attribute(RadiusPacket.VENDOR_SPECIFIC).orElseThrow().value();
        assertEquals(14988, java.nio.ByteBuffer.wrap(vsa).getInt());
        assertEquals("10M/50M", new String(vsa, 6, vsa.length - 6, StandardCharsets.UTF_8));
        assertThrows(IllegalArgumentException.class, () -> RadiusPacket.decodeRequest(bytes, bytes.length, "other"));
        bytes[bytes.length - 1] ^= 1;
        assertThrows(IllegalArgumentException.class, () -> RadiusPacket.decodeRequest(bytes, bytes.length, SECRET));
    }

    @Test
    void anAnswerMustCarryTheRequestsIdentifierAndVerify() {
        byte[] request = disconnect().encodeRequest(SECRET);
        byte[] ack = new RadiusPacket(RadiusPacket.DISCONNECT_NAK, 7,
                List.of(RadiusPacket.Attribute.integer(RadiusPacket.ERROR_CAUSE, 503)))
                .encodeResponse(RadiusPacket.authenticatorOf(request), SECRET);
        RadiusPacket read = RadiusPacket.decodeResponse(ack, ack.length, request, SECRET);
        assertEquals(RadiusPacket.DISCONNECT_NAK, read.code());
        assertEquals(503, read.attribute(RadiusPacket.ERROR_CAUSE).orElseThrow().asInteger());
        assertThrows(IllegalArgumentException.class, () -> RadiusPacket.decodeResponse(ack, ack.length, request, "x"));
        byte[] other = new RadiusPacket(RadiusPacket.DISCONNECT_ACK, 8, List.of())
                .encodeResponse(RadiusPacket.authenticatorOf(request), SECRET);
        assertThrows(IllegalArgumentException.class,
                () -> RadiusPacket.decodeResponse(other, other.length, request, SECRET));
    }

    @Test
    void malformedPacketsAreRefused() {
        byte[] bytes = disconnect().encodeRequest(SECRET);
        assertThrows(IllegalArgumentException.class, () -> RadiusPacket.decodeRequest(bytes, 19, SECRET));
        byte[] lying = bytes.clone();
        lying[3] = (byte) (lying[3] + 10); // longer than the datagram
        assertThrows(IllegalArgumentException.class, () -> RadiusPacket.decodeRequest(lying, lying.length, SECRET));
        byte[] badAttribute = bytes.clone();
        badAttribute[21] = 1; // an attribute length below 2
        assertThrows(IllegalArgumentException.class,
                () -> RadiusPacket.decodeRequest(badAttribute, badAttribute.length, SECRET));
    }

    /** A client that sends again after its timeout gets the answer to the second copy. */
    @Test
    void theClientSendsAgainUntilTheNasAnswers() throws Exception {
        try (DatagramSocket nas = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try {
                    byte[] buf = new byte[4096];
                    DatagramPacket first = new DatagramPacket(buf, buf.length);
                    nas.receive(first); // dropped, as a lost datagram
                    DatagramPacket second = new DatagramPacket(new byte[4096], 4096);
                    nas.receive(second);
                    RadiusPacket req = RadiusPacket.decodeRequest(second.getData(), second.getLength(), SECRET);
                    byte[] ack = new RadiusPacket(RadiusPacket.DISCONNECT_ACK, req.identifier(), List.of())
                            .encodeResponse(RadiusPacket.authenticatorOf(second.getData()), SECRET);
                    nas.send(new DatagramPacket(ack, ack.length, second.getSocketAddress()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            t.start();
            DynamicAuthorization.Answer answer = new DynamicAuthorization(Duration.ofMillis(300), 3)
                    .send(disconnect(), "127.0.0.1", nas.getLocalPort(), SECRET);
            t.join(5000);
            assertEquals("ACK", answer.result());
            assertEquals(null, answer.errorCause());
            DynamicAuthorization.Answer none = new DynamicAuthorization(Duration.ofMillis(100), 2)
                    .send(disconnect(), "127.0.0.1", nas.getLocalPort(), SECRET);
            assertEquals("TIMEOUT", none.result());
        }
    }

    /**
     * FreeRADIUS's radclient sends a Disconnect-Request to a NAS played by this test: our decoder verifies its
     * authenticator and reads its attributes, and radclient accepts our Disconnect-ACK (it checks the Response
     * Authenticator: a wrong one makes it report no reply).
     */
    @Test
    void radclientsDisconnectVerifiesHereAndOurAckVerifiesThere() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/radclient")), "radclient (freeradius-utils) is installed");
        try (DatagramSocket nas = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            RadiusPacket[] received = new RadiusPacket[1];
            Thread t = new Thread(() -> {
                try {
                    DatagramPacket p = new DatagramPacket(new byte[4096], 4096);
                    nas.receive(p);
                    received[0] = RadiusPacket.decodeRequest(p.getData(), p.getLength(), SECRET);
                    byte[] ack = new RadiusPacket(RadiusPacket.DISCONNECT_ACK, received[0].identifier(), List.of())
                            .encodeResponse(RadiusPacket.authenticatorOf(p.getData()), SECRET);
                    nas.send(new DatagramPacket(ack, ack.length, p.getSocketAddress()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            t.start();
            Process radclient = new ProcessBuilder("radclient", "-x", "-r", "1", "-t", "3",
                    "127.0.0.1:" + nas.getLocalPort(), "disconnect", SECRET).redirectErrorStream(true).start();
            radclient.getOutputStream().write("User-Name = \"alice@acme\"\nAcct-Session-Id = \"8100001a\"\n"
                    .getBytes(StandardCharsets.UTF_8));
            radclient.getOutputStream().close();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            radclient.getInputStream().transferTo(out);
            assertTrue(radclient.waitFor(10, TimeUnit.SECONDS));
            t.join(5000);
            String said = out.toString(StandardCharsets.UTF_8);
            assertEquals(0, radclient.exitValue(), said);
            assertTrue(said.contains("Received Disconnect-ACK"), said);
            assertEquals("alice@acme", received[0].attribute(RadiusPacket.USER_NAME).orElseThrow().asText());
            assertEquals("8100001a", received[0].attribute(RadiusPacket.ACCT_SESSION_ID).orElseThrow().asText());
            assertArrayEquals("8100001a".getBytes(StandardCharsets.UTF_8),
                    received[0].attribute(44).orElseThrow().value());
        }
    }
}
