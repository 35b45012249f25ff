package io.dotmac.notifications.email.internal;

import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;

import javax.mail.AuthenticationFailedException;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.Transport;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.mail.util.ByteArrayDataSource;
import javax.net.SocketFactory;

import com.sun.mail.smtp.SMTPSendFailedException;

import io.dotmac.notifications.email.EmailAttachment;
import io.dotmac.platform.api.net.OutboundGuard;

/** Sends e-mails over SMTP with javax.mail, one connection for a batch of messages to the same server. */
final class Mailer {

    /**
     * Where and as whom to send. {@code tenantChosen}: a server a tenant named, reached only through the outbound
     * guard (checked before each connection, connected to the address checked) and described without detail that
     * would tell closed, open and SMTP ports apart; otherwise the instance's own server.
     */
    record Smtp(String host, int port, boolean startTls, String username, String password, int timeoutMillis,
            boolean tenantChosen) {
    }

    /** One e-mail: {@code id} becomes its Message-ID, so a receiver can tell a repeat. */
    record Mail(String id, String fromAddress, String fromName, String to, String subject, String body,
            List<EmailAttachment> attachments) {
    }

    private Mailer() {
    }

    static Session session(Smtp smtp) {
        return session(smtp, null);
    }

    /** A session for {@code smtp}; with {@code pinned}, its sockets connect to that address whatever the name. */
    static Session session(Smtp smtp, InetAddress pinned) {
        Properties p = new Properties();
        p.put("mail.smtp.host", smtp.host());
        p.put("mail.smtp.port", String.valueOf(smtp.port()));
        p.put("mail.smtp.connectiontimeout", String.valueOf(smtp.timeoutMillis()));
        p.put("mail.smtp.timeout", String.valueOf(smtp.timeoutMillis()));
        p.put("mail.smtp.writetimeout", String.valueOf(smtp.timeoutMillis()));
        if (smtp.startTls()) {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true");
        }
        if (smtp.username() != null && !smtp.username().isEmpty()) {
            p.put("mail.smtp.auth", "true");
        }
        if (pinned != null) {
            p.put("mail.smtp.socketFactory", new PinnedSockets(pinned)); // an object: put, not setProperty
            p.put("mail.smtp.socketFactory.fallback", "false"); // never an unpinned socket instead
        }
        if (smtp.tenantChosen() && smtp.startTls()) {
            p.put("mail.smtp.ssl.checkserveridentity", "true"); // STARTTLS to the host named, not to anyone
        }
        return Session.getInstance(p);
    }

    /** Sockets that connect to one checked address, whatever host name javax.mail resolves (DNS rebinding). */
    static final class PinnedSockets extends SocketFactory {
        private final InetAddress address;

        PinnedSockets(InetAddress address) {
            this.address = address;
        }

        @Override
        public Socket createSocket() {
            return new Socket() {
                @Override
                public void connect(SocketAddress endpoint, int timeout) throws IOException {
                    super.connect(new InetSocketAddress(address, ((InetSocketAddress) endpoint).getPort()), timeout);
                }
            };
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return new Socket(address, port);
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return new Socket(address, port, localHost, localPort);
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return new Socket(address, port);
        }

        @Override
        public Socket createSocket(InetAddress host, int port, InetAddress localHost, int localPort)
                throws IOException {
            return new Socket(address, port, localHost, localPort);
        }
    }

    /**
     * Sends {@code mails} over one connection. Returns, per mail, {@code null} when the server took it, or why not.
     * When the connection cannot be made every mail gets that reason.
     */
    static List<String> send(Smtp smtp, List<Mail> mails, OutboundGuard guard) {
        InetAddress pinned = null;
        if (smtp.tenantChosen()) {
            try {
                pinned = guard.resolve(smtp.host()).get(0);
            } catch (OutboundGuard.Refused e) {
                return Collections.nCopies(mails.size(), "refused by policy: the SMTP host " + e.host() + " "
                        + e.reason() + " (allowed networks: etc/" + EmailConfig.PID + ".cfg)");
            }
        }
        List<String> results = new ArrayList<>(mails.size());
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        // javax.mail finds its data content handlers through the context class loader
        thread.setContextClassLoader(Session.class.getClassLoader());
        try {
            Session session = session(smtp, pinned);
            try (Transport transport = session.getTransport("smtp")) {
                transport.connect(smtp.host(), smtp.port(), empty(smtp.username()), empty(smtp.password()));
                for (Mail mail : mails) {
                    try {
                        MimeMessage message = message(session, mail);
                        transport.sendMessage(message, message.getAllRecipients());
                        results.add(null);
                    } catch (MessagingException | UnsupportedEncodingException e) {
                        results.add(smtp.tenantChosen() ? rejected(e) : reason(e));
                        if (!transport.isConnected()) {
                            transport.connect(smtp.host(), smtp.port(), empty(smtp.username()),
                                    empty(smtp.password()));
                        }
                    }
                }
            } catch (MessagingException e) {
                String reason = smtp.tenantChosen() ? unreachable(e) : reason(e);
                while (results.size() < mails.size()) {
                    results.add(reason);
                }
            }
        } finally {
            thread.setContextClassLoader(before);
        }
        return results;
    }

    private static String empty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /**
     * Why a tenant's server could not be used, without what tells a closed port from an open one or from a server
     * that speaks something else: only a refused login is told apart.
     */
    static String unreachable(MessagingException e) {
        if (e instanceof AuthenticationFailedException) {
            return "could not deliver: the SMTP server refused the login";
        }
        return "could not deliver: no SMTP server accepted a connection at the host given";
    }

    /** Why a tenant's server did not take one message (it is an SMTP server: its reply code may be told). */
    static String rejected(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SMTPSendFailedException failed) {
                return "could not deliver: the SMTP server rejected the message (" + failed.getReturnCode() + ")";
            }
        }
        return "could not deliver: the SMTP server rejected the message";
    }

    static String reason(Exception e) {
        StringBuilder b = new StringBuilder(e.getClass().getSimpleName()).append(": ").append(e.getMessage());
        for (Throwable t = e.getCause(); t != null && b.length() < 400; t = t.getCause()) {
            b.append("; ").append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
        }
        return b.length() > 1000 ? b.substring(0, 1000) : b.toString();
    }

    static MimeMessage message(Session session, Mail mail) throws MessagingException, UnsupportedEncodingException {
        MimeMessage m = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", "<" + mail.id() + "@dotmac.outbox>");
            }
        };
        m.setFrom(new InternetAddress(mail.fromAddress(), mail.fromName(), "UTF-8"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(mail.to(), true));
        m.setSubject(mail.subject(), "UTF-8");
        if (mail.attachments().isEmpty()) {
            m.setText(mail.body(), "UTF-8");
        } else {
            MimeMultipart parts = new MimeMultipart("mixed");
            MimeBodyPart text = new MimeBodyPart();
            text.setText(mail.body(), "UTF-8");
            parts.addBodyPart(text);
            for (EmailAttachment attachment : mail.attachments()) {
                MimeBodyPart file = new MimeBodyPart();
                file.setDataHandler(new javax.activation.DataHandler(new ByteArrayDataSource(attachment.content(),
                        attachment.contentType())));
                file.setFileName(attachment.filename());
                parts.addBodyPart(file);
            }
            m.setContent(parts);
        }
        m.saveChanges();
        return m;
    }
}
