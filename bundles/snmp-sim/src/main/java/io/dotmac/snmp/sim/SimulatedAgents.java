package io.dotmac.snmp.sim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

import org.snmp4j.PDU;
import org.snmp4j.asn1.BER;
import org.snmp4j.asn1.BERInputStream;
import org.snmp4j.smi.Counter32;
import org.snmp4j.smi.Counter64;
import org.snmp4j.smi.Gauge32;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.Null;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.TimeTicks;
import org.snmp4j.smi.Variable;
import org.snmp4j.smi.VariableBinding;

/**
 * Many SNMP v2c agents on consecutive UDP ports of one address, served by one selector thread per group of agents.
 * Each agent has sysUpTime/sysName/sysDescr and {@code interfaces} rows of ifTable/ifXTable. Its 64-bit octet
 * counters grow at {@link Agent#rate} bytes per second from a base, so a test knows what rate a poller should see;
 * errors and discards grow by one per second. GET, GETNEXT and GETBULK are answered; a wrong community is ignored,
 * as real agents do. Faults are switched per agent ({@link Agent#mode}).
 *
 * <p>As a program: {@code java -cp snmp4j.jar:snmp-sim.jar io.dotmac.snmp.sim.SimulatedAgents <address>
 * <port> <agents> <interfaces> <community> [threads] [ports|addresses]} runs until killed; {@code addresses}
 * puts the agents on consecutive addresses from {@code address}, all on {@code port} (default: consecutive ports). Counters grow by 1.25 MB/s in and 2.5 MB/s out (10 and 20 Mbit/s).
 * Every second it prints {@code <epoch millis> <values served> <requests answered>}.
 */
public final class SimulatedAgents implements AutoCloseable {

    /** What an agent does with a request. */
    public enum Mode {
        /** Answers correctly. */
        NORMAL,
        /** Never answers (a dead device, or a firewall). */
        SILENT,
        /** Answers with bytes that are not SNMP. */
        GARBAGE,
        /** Answers sysUpTime as a string and the 64-bit counters as Counter32. */
        WRONG_TYPES,
        /** Refuses GETBULK with genErr, as an SNMPv1-only agent behind a v2c proxy might. */
        NO_BULK
    }

    private static final OID SYS_DESCR = new OID("1.3.6.1.2.1.1.1.0");
    private static final OID SYS_UPTIME = new OID("1.3.6.1.2.1.1.3.0");
    private static final OID SYS_NAME = new OID("1.3.6.1.2.1.1.5.0");
    private static final OID SYS_OBJECT_ID = new OID("1.3.6.1.2.1.1.2.0");
    private static final int[] IF_TABLE_COLUMNS = {1, 2, 7, 8, 13, 14, 19, 20};
    private static final int[] IF_X_COLUMNS = {1, 6, 10, 15};
    private static final OID IF_ENTRY = new OID("1.3.6.1.2.1.2.2.1");
    private static final OID IF_X_ENTRY = new OID("1.3.6.1.2.1.31.1.1.1");

    /** Walks kept per agent. */
    static final int POLLS_KEPT = 200;

    /**
     * A walk that began with sysUpTime (what a poller asks first): when (epoch millis) and from which UDP port of the
     * asking host, which tells pollers on one host apart.
     */
    public record Poll(long atMillis, int fromPort) {
    }

    /** One simulated agent; its setters take effect on the next request. */
    public static final class Agent {
        private final String address;
        private final int port;
        private final int interfaces;
        private volatile Mode mode = Mode.NORMAL;
        private volatile long bootNanos = System.nanoTime();
        private volatile long counterBase;
        private volatile long counterSinceNanos = System.nanoTime();
        private volatile long rate;
        private final int[] operStatus;
        /** The last {@value #POLLS_KEPT} walks that asked for sysUpTime first: when, and from which port. */
        private final java.util.ArrayDeque<Poll> polls = new java.util.ArrayDeque<>();

        Agent(String address, int port, int interfaces, long rate) {
            this.address = address;
            this.port = port;
            this.interfaces = interfaces;
            this.rate = rate;
            this.operStatus = new int[interfaces + 1];
            Arrays.fill(operStatus, 1);
        }

        public int port() {
            return port;
        }

        public String address() {
            return address;
        }

        public Agent mode(Mode mode) {
            this.mode = mode;
            return this;
        }

        /** Octets per second added to every interface's in counter (out: twice as many). */
        public Agent rate(long bytesPerSecond) {
            setCounters(counter());
            this.rate = bytesPerSecond;
            return this;
        }

        /** Sets every in counter to {@code value} now (out: 2 × value), e.g. just below 2^64 to test the wrap. */
        public synchronized Agent setCounters(long value) {
            this.counterBase = value;
            this.counterSinceNanos = System.nanoTime();
            return this;
        }

        /** Restarts the agent: sysUpTime and every counter start again from zero. */
        public synchronized Agent restart() {
            this.bootNanos = System.nanoTime();
            return setCounters(0);
        }

        /** Sets ifOperStatus of {@code ifIndex} (1 up, 2 down). */
        public Agent operStatus(int ifIndex, int status) {
            operStatus[ifIndex] = status;
            return this;
        }

        /** The last walks of this agent's tables (a poller's polls), oldest first. */
        public synchronized List<Poll> polls() {
            return List.copyOf(polls);
        }

        synchronized void polled(Poll poll) {
            if (polls.size() == POLLS_KEPT) {
                polls.removeFirst();
            }
            polls.addLast(poll);
        }

        long counter() {
            return counterBase + rate * (System.nanoTime() - counterSinceNanos) / 1_000_000_000L;
        }

        long uptimeTicks() {
            return (System.nanoTime() - bootNanos) / 10_000_000L;
        }
    }

    private final String community;
    private final List<Agent> agents = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final List<Selector> selectors = new ArrayList<>();
    private final OID[] tree;
    private final LongAdder served = new LongAdder();
    private final LongAdder requests = new LongAdder();
    private volatile boolean running = true;

    private SimulatedAgents(String community, OID[] tree) {
        this.community = community;
        this.tree = tree;
    }

    /**
     * Starts {@code count} agents on {@code address}, ports {@code firstPort} to {@code firstPort + count - 1}, with
     * {@code interfaces} interfaces each whose in counters grow by {@code rate} bytes per second.
     */
    public static SimulatedAgents start(String address, int firstPort, int count, int interfaces, String community,
            long rate, int threadCount) throws IOException {
        InetAddress host = InetAddress.getByName(address);
        List<InetSocketAddress> binds = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            binds.add(new InetSocketAddress(host, firstPort + i));
        }
        return start(binds, interfaces, community, rate, threadCount);
    }

    /**
     * Starts {@code count} agents on port {@code port} of consecutive IPv4 addresses from {@code firstAddress}
     * (all of 127.0.0.0/8 is loopback on Linux), as many devices each with its own management address.
     */
    public static SimulatedAgents startOnAddresses(String firstAddress, int port, int count, int interfaces,
            String community, long rate, int threadCount) throws IOException {
        byte[] a = InetAddress.getByName(firstAddress).getAddress();
        long base = ((a[0] & 255L) << 24) | ((a[1] & 255L) << 16) | ((a[2] & 255L) << 8) | (a[3] & 255L);
        List<InetSocketAddress> binds = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long v = base + i;
            binds.add(new InetSocketAddress(InetAddress.getByAddress(new byte[] {(byte) (v >> 24), (byte) (v >> 16),
                (byte) (v >> 8), (byte) v}), port));
        }
        return start(binds, interfaces, community, rate, threadCount);
    }

    private static SimulatedAgents start(List<InetSocketAddress> binds, int interfaces, String community, long rate,
            int threadCount) throws IOException {
        SimulatedAgents sim = new SimulatedAgents(community, tree(interfaces));
        try {
            for (int t = 0; t < threadCount; t++) {
                sim.selectors.add(Selector.open());
            }
            for (int i = 0; i < binds.size(); i++) {
                InetSocketAddress bind = binds.get(i);
                Agent agent = new Agent(bind.getAddress().getHostAddress(), bind.getPort(), interfaces, rate);
                DatagramChannel channel = DatagramChannel.open();
                channel.bind(bind);
                channel.configureBlocking(false);
                channel.register(sim.selectors.get(i % threadCount), SelectionKey.OP_READ, agent);
                sim.agents.add(agent);
            }
        } catch (IOException e) {
            sim.close();
            throw e;
        }
        for (Selector selector : sim.selectors) {
            Thread thread = new Thread(() -> sim.serve(selector), "snmp-sim-" + sim.threads.size());
            thread.setDaemon(true);
            sim.threads.add(thread);
            thread.start();
        }
        return sim;
    }

    /** The {@code i}-th agent (0-based). */
    public Agent agent(int i) {
        return agents.get(i);
    }

    /** Values (varbinds) answered so far. */
    public long served() {
        return served.sum();
    }

    /** Requests answered so far. */
    public long requests() {
        return requests.sum();
    }

    @Override
    public void close() {
        running = false;
        for (Selector s : selectors) {
            s.wakeup();
            for (SelectionKey k : s.keys()) {
                try {
                    k.channel().close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        for (Thread t : threads) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void serve(Selector selector) {
        ByteBuffer in = ByteBuffer.allocate(65535);
        while (running) {
            try {
                selector.select(500);
                if (!selector.isOpen()) {
                    return;
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    DatagramChannel channel = (DatagramChannel) key.channel();
                    Agent agent = (Agent) key.attachment();
                    SocketAddress from;
                    while ((from = channel.receive(in.clear())) != null) {
                        in.flip();
                        ByteBuffer out = answer(agent, in, from);
                        if (out != null) {
                            channel.send(out, from);
                        }
                    }
                }
                selector.selectedKeys().clear();
            } catch (IOException | RuntimeException e) {
                if (!running) {
                    return;
                }
            }
        }
    }

    /** The answer to one datagram, or {@code null} to stay silent. */
    private ByteBuffer answer(Agent agent, ByteBuffer datagram, SocketAddress from) throws IOException {
        Mode mode = agent.mode;
        if (mode == Mode.SILENT) {
            return null;
        }
        if (mode == Mode.GARBAGE) {
            byte[] junk = new byte[64];
            ThreadLocalRandom.current().nextBytes(junk);
            junk[0] = 0x30;
            return ByteBuffer.wrap(junk);
        }
        BERInputStream ber = new BERInputStream(datagram);
        BER.MutableByte type = new BER.MutableByte();
        int version;
        byte[] asked;
        PDU request = new PDU();
        try {
            BER.decodeHeader(ber, type);
            version = BER.decodeInteger(ber, type);
            asked = BER.decodeString(ber, type);
            request.decodeBER(ber);
        } catch (IOException e) {
            return null; // not SNMP: real agents drop it
        }
        if (version != 1 || !community.equals(new String(asked, java.nio.charset.StandardCharsets.UTF_8))) {
            return null;
        }
        PDU response = new PDU();
        response.setType(PDU.RESPONSE);
        response.setRequestID(request.getRequestID());
        List<? extends VariableBinding> vbs = request.getVariableBindings();
        if (!vbs.isEmpty() && SYS_UPTIME.startsWith(vbs.get(0).getOid())) {
            agent.polled(new Poll(System.currentTimeMillis(),
                    from instanceof java.net.InetSocketAddress a ? a.getPort() : 0));
        }
        switch (request.getType()) {
            case PDU.GET -> {
                for (VariableBinding vb : vbs) {
                    Variable v = value(agent, vb.getOid());
                    response.add(new VariableBinding(vb.getOid(), v == null ? Null.noSuchObject : v));
                }
            }
            case PDU.GETNEXT -> {
                for (VariableBinding vb : vbs) {
                    response.add(next(agent, vb.getOid()));
                }
            }
            case PDU.GETBULK -> {
                if (mode == Mode.NO_BULK) {
                    response.setErrorStatus(PDU.genErr);
                    response.setErrorIndex(1);
                    response.addAll(vbs.toArray(new VariableBinding[0]));
                    break;
                }
                int nonRepeaters = Math.max(0, Math.min(request.getNonRepeaters(), vbs.size()));
                for (int i = 0; i < nonRepeaters; i++) {
                    response.add(next(agent, vbs.get(i).getOid()));
                }
                OID[] cursor = new OID[vbs.size() - nonRepeaters];
                for (int i = 0; i < cursor.length; i++) {
                    cursor[i] = vbs.get(nonRepeaters + i).getOid();
                }
                int reps = Math.max(0, request.getMaxRepetitions());
                for (int r = 0; r < reps && cursor.length > 0 && response.size() < 1500; r++) {
                    boolean allEnded = true;
                    for (int i = 0; i < cursor.length; i++) {
                        VariableBinding vb = next(agent, cursor[i]);
                        response.add(vb);
                        if (!vb.isException()) {
                            cursor[i] = vb.getOid();
                            allEnded = false;
                        }
                    }
                    if (allEnded) {
                        break;
                    }
                }
            }
            default -> {
                response.setErrorStatus(PDU.genErr);
                response.addAll(vbs.toArray(new VariableBinding[0]));
            }
        }
        requests.increment();
        served.add(response.size());
        ByteArrayOutputStream pdu = new ByteArrayOutputStream(response.getBERLength());
        response.encodeBER(pdu);
        byte[] communityBytes = asked;
        ByteArrayOutputStream body = new ByteArrayOutputStream(pdu.size() + 32);
        BER.encodeInteger(body, BER.INTEGER, version);
        BER.encodeString(body, BER.OCTETSTRING, communityBytes);
        pdu.writeTo(body);
        ByteArrayOutputStream message = new ByteArrayOutputStream(body.size() + 6);
        BER.encodeHeader(message, BER.SEQUENCE, body.size());
        body.writeTo(message);
        return ByteBuffer.wrap(message.toByteArray());
    }

    private VariableBinding next(Agent agent, OID after) {
        int i = Arrays.binarySearch(tree, after);
        i = i >= 0 ? i + 1 : -i - 1;
        if (i >= tree.length) {
            return new VariableBinding(after, Null.endOfMibView);
        }
        return new VariableBinding(tree[i], value(agent, tree[i]));
    }

    /** The value of {@code oid} at this moment, or {@code null} when the agent has no such object. */
    private static Variable value(Agent agent, OID oid) {
        boolean wrong = agent.mode == Mode.WRONG_TYPES;
        if (oid.equals(SYS_UPTIME)) {
            return wrong ? new OctetString("up a while") : new TimeTicks(agent.uptimeTicks());
        }
        if (oid.equals(SYS_NAME)) {
            return new OctetString("sim-" + agent.address + ":" + agent.port);
        }
        if (oid.equals(SYS_DESCR)) {
            return new OctetString("DotMac simulated agent, " + agent.interfaces + " interfaces");
        }
        if (oid.equals(SYS_OBJECT_ID)) {
            return new OID("1.3.6.1.4.1.8072.3.2.10");
        }
        boolean ifTable = oid.size() == IF_ENTRY.size() + 2 && oid.startsWith(IF_ENTRY);
        boolean ifX = oid.size() == IF_X_ENTRY.size() + 2 && oid.startsWith(IF_X_ENTRY);
        if (!ifTable && !ifX) {
            return null;
        }
        int column = oid.get(oid.size() - 2);
        int ifIndex = oid.last();
        if (ifIndex < 1 || ifIndex > agent.interfaces) {
            return null;
        }
        long seconds = agent.uptimeTicks() / 100;
        if (ifTable) {
            return switch (column) {
                case 1 -> new Integer32(ifIndex);
                case 2 -> new OctetString("Simulated interface " + ifIndex);
                case 7 -> new Integer32(1);
                case 8 -> new Integer32(agent.operStatus[ifIndex]);
                case 13, 19 -> new Counter32(seconds & 0xFFFFFFFFL);
                case 14, 20 -> new Counter32((2 * seconds) & 0xFFFFFFFFL);
                default -> null;
            };
        }
        long in = agent.counter();
        return switch (column) {
            case 1 -> new OctetString("eth" + ifIndex);
            case 6 -> wrong ? new Counter32(in & 0xFFFFFFFFL) : new Counter64(in);
            case 10 -> wrong ? new Counter32((2 * in) & 0xFFFFFFFFL) : new Counter64(2 * in);
            case 15 -> new Gauge32(1000);
            default -> null;
        };
    }

    /** Every OID of an agent with {@code interfaces} interfaces, in order. */
    private static OID[] tree(int interfaces) {
        List<OID> oids = new ArrayList<>(List.of(SYS_DESCR, SYS_OBJECT_ID, SYS_UPTIME, SYS_NAME));
        for (int c : IF_TABLE_COLUMNS) {
            for (int i = 1; i <= interfaces; i++) {
                oids.add(new OID(IF_ENTRY).append(c).append(i));
            }
        }
        for (int c : IF_X_COLUMNS) {
            for (int i = 1; i <= interfaces; i++) {
                oids.add(new OID(IF_X_ENTRY).append(c).append(i));
            }
        }
        OID[] tree = oids.toArray(new OID[0]);
        Arrays.sort(tree);
        return tree;
    }

    /** Runs agents until killed: {@code <address> <port> <agents> <interfaces> <community> [threads] [ports|addresses]}. */
    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: SimulatedAgents <address> <port> <agents> <interfaces> <community> "
                    + "[threads] [ports|addresses]");
            System.exit(2);
        }
        int threads = args.length > 5 ? Integer.parseInt(args[5]) : 1;
        boolean addresses = args.length > 6 && args[6].equals("addresses");
        int port = Integer.parseInt(args[1]);
        int count = Integer.parseInt(args[2]);
        int interfaces = Integer.parseInt(args[3]);
        try (SimulatedAgents sim = addresses
                ? startOnAddresses(args[0], port, count, interfaces, args[4], 1_250_000L, threads)
                : start(args[0], port, count, interfaces, args[4], 1_250_000L, threads)) {
            System.out.println("ready: " + count + " agents, " + interfaces + " interfaces each");
            while (true) {
                Thread.sleep(1000);
                System.out.println(System.currentTimeMillis() + " " + sim.served() + " " + sim.requests());
            }
        }
    }
}
