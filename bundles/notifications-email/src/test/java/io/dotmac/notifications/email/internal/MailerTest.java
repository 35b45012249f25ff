package io.dotmac.notifications.email.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;

import javax.mail.Multipart;
import javax.mail.Part;
import javax.mail.Session;
import javax.mail.Transport;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.dotmac.notifications.email.EmailAttachment;
import io.dotmac.platform.api.net.OutboundGuard;

/** SMTP against GreenMail on loopback: content, sender, attachment, Message-ID, and a server that is away. */
class MailerTest {

    private GreenMail smtp;

    @AfterEach
    void stop() {
        if (smtp != null) {
            smtp.stop();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void sendsTextAndItsAttachmentsFromTheTenantsSender() throws Exception {
        int port = freePort();
        smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        Mailer.Smtp server = new Mailer.Smtp("127.0.0.1", port, false, null, null, 5000, false);
        byte[] pdf = "%PDF-1.7 test".getBytes();
        List<String> results = Mailer.send(server, List.of(
                new Mailer.Mail("01outbox1", "billing@fibre.test", "Fibre Co", "ada@example.com", "Invoice INV-1",
                        "Dear Ada,\nyour invoice.", List.of(new EmailAttachment("INV-1.pdf", "application/pdf", pdf),
                                new EmailAttachment("usage.csv", "text/csv", "a,b\r\n1,2\r\n".getBytes()))),
                new Mailer.Mail("01outbox2", "billing@fibre.test", "Fibre Co", "bob@example.com", "Grüße",
                        "Hallo Bob, schöne Grüße.", List.of())), NO_NETWORKS);
        assertEquals(java.util.Arrays.asList(null, null), results);
        MimeMessage[] got = smtp.getReceivedMessages();
        assertEquals(2, got.length);
        MimeMessage first = got[0];
        assertEquals("<01outbox1@dotmac.outbox>", first.getMessageID());
        assertEquals("Fibre Co", ((InternetAddress) first.getFrom()[0]).getPersonal());
        assertEquals("billing@fibre.test", ((InternetAddress) first.getFrom()[0]).getAddress());
        Multipart parts = (Multipart) first.getContent();
        assertEquals(3, parts.getCount());
        assertTrue(((String) parts.getBodyPart(0).getContent()).contains("your invoice"));
        Part file = parts.getBodyPart(1);
        assertEquals("INV-1.pdf", file.getFileName());
        assertTrue(file.getContentType().startsWith("application/pdf"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        file.getInputStream().transferTo(bytes);
        assertEquals("%PDF-1.7 test", bytes.toString());
        Part csv = parts.getBodyPart(2);
        assertEquals("usage.csv", csv.getFileName());
        assertTrue(csv.getContentType().startsWith("text/csv"));
        assertEquals("Grüße", got[1].getSubject());
        assertTrue(((String) got[1].getContent()).contains("schöne Grüße"));
    }

    @Test
    void aServerThatIsAwayFailsEveryMailWithTheReason() throws Exception {
        Mailer.Smtp server = new Mailer.Smtp("127.0.0.1", freePort(), false, null, null, 2000, false);
        List<String> results = Mailer.send(server, List.of(
                new Mailer.Mail("a", "x@fibre.test", "X", "ada@example.com", "s", "b", List.of()),
                new Mailer.Mail("b", "x@fibre.test", "X", "bob@example.com", "s", "b", List.of())), NO_NETWORKS);
        assertEquals(2, results.size());
        for (String r : results) {
            assertNotNull(r);
            assertTrue(r.contains("Connect") || r.contains("connect"), r);
        }
    }

    /** The outbound guard with no network allowed. */
    private static final OutboundGuard NO_NETWORKS = new OutboundGuard("");

    private static Mailer.Mail mail(String id) {
        return new Mailer.Mail(id, "x@fibre.test", "X", "ada@example.com", "s", "b", List.of());
    }

    @Test
    void aTenantsServerOnAnInternalAddressIsRefusedByPolicyAndNeverContacted() throws Exception {
        int port = freePort();
        smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        Mailer.Smtp tenants = new Mailer.Smtp("127.0.0.1", port, false, null, null, 2000, true);
        List<String> results = Mailer.send(tenants, List.of(mail("a")), NO_NETWORKS);
        assertEquals(1, results.size());
        assertTrue(results.get(0).startsWith("refused by policy: the SMTP host 127.0.0.1 is a loopback address"),
                results.get(0));
        assertEquals(0, smtp.getReceivedMessages().length);
        // the operator may allow the network
        assertEquals(java.util.Arrays.asList((String) null),
                Mailer.send(tenants, List.of(mail("b")), new OutboundGuard("127.0.0.0/8")));
        assertEquals(1, smtp.getReceivedMessages().length);
    }

    @Test
    void aTenantsServerThatIsAwayIsReportedWithoutPortDetail() throws Exception {
        Mailer.Smtp tenants = new Mailer.Smtp("127.0.0.1", freePort(), false, null, null, 2000, true);
        assertEquals(List.of("could not deliver: no SMTP server accepted a connection at the host given"),
                Mailer.send(tenants, List.of(mail("a")), new OutboundGuard("127.0.0.0/8")));
    }

    @Test
    void aPinnedSessionConnectsToTheCheckedAddressWhateverTheNameResolvesTo() throws Exception {
        int port = freePort();
        smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        // a name that resolves to nothing (or, in a rebinding attack, to something else): the checked address wins
        Mailer.Smtp named = new Mailer.Smtp("rebinding.invalid", port, false, null, null, 2000, true);
        Session session = Mailer.session(named, InetAddress.getByName("127.0.0.1"));
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect("rebinding.invalid", port, null, null);
            MimeMessage message = Mailer.message(session, mail("pinned"));
            transport.sendMessage(message, message.getAllRecipients());
        }
        assertEquals(1, smtp.getReceivedMessages().length);
    }
}
