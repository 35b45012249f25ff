package io.dotmac.notifications.email.internal;

import java.io.UnsupportedEncodingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.Transport;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.mail.util.ByteArrayDataSource;

import io.dotmac.notifications.email.EmailAttachment;

/** Sends e-mails over SMTP with javax.mail, one connection for a batch of messages to the same server. */
final class Mailer {

    /** Where and as whom to send. */
    record Smtp(String host, int port, boolean startTls, String username, String password, int timeoutMillis) {
    }

    /** One e-mail: {@code id} becomes its Message-ID, so a receiver can tell a repeat. */
    record Mail(String id, String fromAddress, String fromName, String to, String subject, String body,
            List<EmailAttachment> attachments) {
    }

    private Mailer() {
    }

    static Session session(Smtp smtp) {
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
        return Session.getInstance(p);
    }

    /**
     * Sends {@code mails} over one connection. Returns, per mail, {@code null} when the server took it, or why not.
     * When the connection cannot be made every mail gets that reason.
     */
    static List<String> send(Smtp smtp, List<Mail> mails) {
        List<String> results = new ArrayList<>(mails.size());
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        // javax.mail finds its data content handlers through the context class loader
        thread.setContextClassLoader(Session.class.getClassLoader());
        try {
            Session session = session(smtp);
            try (Transport transport = session.getTransport("smtp")) {
                transport.connect(smtp.host(), smtp.port(), empty(smtp.username()), empty(smtp.password()));
                for (Mail mail : mails) {
                    try {
                        MimeMessage message = message(session, mail);
                        transport.sendMessage(message, message.getAllRecipients());
                        results.add(null);
                    } catch (MessagingException | UnsupportedEncodingException e) {
                        results.add(reason(e));
                        if (!transport.isConnected()) {
                            transport.connect(smtp.host(), smtp.port(), empty(smtp.username()),
                                    empty(smtp.password()));
                        }
                    }
                }
            } catch (MessagingException e) {
                String reason = reason(e);
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
