package io.dotmac.itests;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A NAS's RFC 5176 side on a loopback port, written here apart from DotMac's sender: it checks each Disconnect or
 * CoA request's authenticator with the shared secret, keeps what it received and when, and answers ACK (CoA-ACK
 * for a CoA).
 */
final class TestNas implements AutoCloseable {

    /** A request received: its code (40 Disconnect, 43 CoA), its attributes by type, and when it arrived. */
    record Request(int code, List<byte[]> attributes, long receivedAtMillis) {

        /** The text of the first attribute of {@code type}, or null. */
        String text(int type) {
            for (byte[] a : attributes) {
                if ((a[0] & 0xFF) == type) {
                    return new String(a, 2, a.length - 2, StandardCharsets.UTF_8);
                }
            }
            return null;
        }

        /** The value of the first Vendor-Specific attribute of {@code vendor} and {@code type}, or null. */
        byte[] vendor(int vendor, int type) {
            for (byte[] a : attributes) {
                if ((a[0] & 0xFF) == 26 && ByteBuffer.wrap(a, 2, 4).getInt() == vendor && (a[6] & 0xFF) == type) {
                    return Arrays.copyOfRange(a, 8, 6 + (a[7] & 0xFF));
                }
            }
            return null;
        }
    }

    private final DatagramSocket socket;
    private final String secret;
    private final BlockingQueue<Request> received = new LinkedBlockingQueue<>();
    private final List<String> refused = new java.util.concurrent.CopyOnWriteArrayList<>();

    TestNas(String secret) throws SocketException {
        this.secret = secret;
        this.socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::serve, "test-nas");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    /** The next request, or null after {@code seconds}. */
    Request next(int seconds) throws InterruptedException {
        return received.poll(seconds, TimeUnit.SECONDS);
    }

    /** Requests that failed verification (none expected). */
    List<String> refused() {
        return refused;
    }

    private void serve() {
        while (!socket.isClosed()) {
            DatagramPacket p = new DatagramPacket(new byte[4096], 4096);
            try {
                socket.receive(p);
                long at = System.currentTimeMillis();
                byte[] data = Arrays.copyOf(p.getData(), p.getLength());
                int length = ((data[2] & 0xFF) << 8) | (data[3] & 0xFF);
                byte[] check = Arrays.copyOf(data, length);
                Arrays.fill(check, 4, 20, (byte) 0);
                if (!Arrays.equals(md5(check), Arrays.copyOfRange(data, 4, 20))) {
                    refused.add("a request whose authenticator does not verify");
                    continue;
                }
                List<byte[]> attributes = new ArrayList<>();
                for (int i = 20; i < length; i += data[i + 1] & 0xFF) {
                    attributes.add(Arrays.copyOfRange(data, i, i + (data[i + 1] & 0xFF)));
                }
                int code = data[0] & 0xFF;
                received.add(new Request(code, attributes, at));
                byte[] answer = new byte[20];
                answer[0] = (byte) (code == 43 ? 44 : 41);
                answer[1] = data[1];
                answer[3] = 20;
                System.arraycopy(data, 4, answer, 4, 16);
                System.arraycopy(md5(answer), 0, answer, 4, 16);
                socket.send(new DatagramPacket(answer, answer.length, p.getSocketAddress()));
            } catch (Exception e) {
                if (!socket.isClosed()) {
                    refused.add(String.valueOf(e));
                }
            }
        }
    }

    private byte[] md5(byte[] packet) throws Exception {
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        md5.update(packet);
        md5.update(secret.getBytes(StandardCharsets.UTF_8));
        return md5.digest();
    }

    @Override
    public void close() {
        socket.close();
    }
}
