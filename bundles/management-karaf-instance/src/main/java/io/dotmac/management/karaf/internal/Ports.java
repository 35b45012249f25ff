package io.dotmac.management.karaf.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Picks a child's ports (HTTP, SSH, RMI registry, RMI server) from the region's range: ones no other child was given
 * (a stopped child does not listen, so asking the system is not enough) and nothing listens on now.
 */
final class Ports {

    static final int COUNT = 4;

    private Ports() {
    }

    /**
     * {@link #COUNT} ports of {@code [from, to]}, none in {@code taken} and each free at the moment.
     *
     * @throws IllegalStateException when the range has too few left
     */
    static List<Integer> pick(int from, int to, Set<Integer> taken, IntPredicate free) {
        List<Integer> out = new ArrayList<>(COUNT);
        for (int port = from; port <= to && out.size() < COUNT; port++) {
            if (!taken.contains(port) && free.test(port)) {
                out.add(port);
            }
        }
        if (out.size() < COUNT) {
            throw new IllegalStateException("only " + out.size() + " free port(s) left in " + from + "-" + to
                    + " (a child instance needs " + COUNT + ")");
        }
        return out;
    }

    /** Whether nothing listens on {@code port} of {@code host} (binding it for a moment). */
    static boolean bindable(String host, int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(InetAddress.getByName(host), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
