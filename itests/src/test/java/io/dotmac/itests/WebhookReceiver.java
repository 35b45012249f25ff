package io.dotmac.itests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP/1.1 server on 127.0.0.1 for the webhook tests: it records every request (headers and raw body) and
 * answers 503 to the first {@link #failNext} requests or while {@link #down}, 200 otherwise.
 */
final class WebhookReceiver implements AutoCloseable {

    /** A request as received, and the status it got. */
    record Request(Map<String, String> headers, byte[] body, int status) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final ServerSocket server;
    private final Thread thread;
    final List<Request> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger failNext = new AtomicInteger();
    volatile boolean down;

    WebhookReceiver() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        thread = new Thread(this::serve, "webhook-receiver");
        thread.setDaemon(true);
        thread.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getLocalPort() + path;
    }

    /** The requests answered 2xx. */
    List<Request> delivered() {
        return requests.stream().filter(r -> r.status() == 200).toList();
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                socket.setSoTimeout(10_000);
                InputStream in = socket.getInputStream();
                Map<String, String> headers = new TreeMap<>();
                String line = readLine(in);
                while (!(line = readLine(in)).isEmpty()) {
                    int colon = line.indexOf(':');
                    if (colon > 0) {
                        headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                                line.substring(colon + 1).strip());
                    }
                }
                int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
                byte[] body = in.readNBytes(length);
                int status = down || failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 503 : 200;
                requests.add(new Request(headers, body, status));
                OutputStream out = socket.getOutputStream();
                out.write(("HTTP/1.1 " + status + (status == 200 ? " OK" : " Service Unavailable")
                        + "\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException | RuntimeException e) {
                // a broken request or the server closing: go on (or stop)
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
