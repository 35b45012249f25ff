import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;

/**
 * A loopback webhook receiver for benchmarks/webhook-delivery.sh: answers 200 to every POST, counts them and the
 * distinct delivery ids, and writes "requests distinct" to the file given every 100 ms.
 * Run as: java benchmarks/WebhookReceiver.java PORT COUNT_FILE
 */
public class WebhookReceiver {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Path out = Path.of(args[1]);
        AtomicLong requests = new AtomicLong();
        java.util.Set<String> ids = java.util.concurrent.ConcurrentHashMap.newKeySet();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 512);
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            String id = exchange.getRequestHeaders().getFirst("X-DotMac-Delivery");
            if (id != null) {
                ids.add(id);
            }
            requests.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
        while (true) {
            Files.writeString(out, requests.get() + " " + ids.size() + "\n");
            Thread.sleep(100);
        }
    }
}
