package io.dotmac.notifications.email.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Proxy;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.dotmac.notifications.email.EmailSettings;

/** The SMTP server a tenant's mail goes to: the tenant's settings as one unit, or the instance's, never a mix. */
class SmtpServerTest {

    /** The instance's configuration with a login of its own. */
    private static final EmailConfig INSTANCE = config(Map.of("smtpHost", "mail.isp-host.test", "smtpPort", 587,
            "smtpStartTls", true, "smtpUsername", "instance-user", "smtpPassword", "instance-secret"));

    static EmailConfig config(Map<String, Object> values) {
        return (EmailConfig) Proxy.newProxyInstance(EmailConfig.class.getClassLoader(),
                new Class<?>[] {EmailConfig.class}, (proxy, method, args) -> values.containsKey(method.getName())
                        ? values.get(method.getName()) : method.getDefaultValue());
    }

    private static EmailSettings settings(String host, Integer port, String username, boolean passwordSet) {
        return new EmailSettings(null, null, host, port, username, null, null, passwordSet);
    }

    @Test
    void aTenantServerNeverGetsTheInstanceLogin() {
        Mailer.Smtp smtp = OutboxSender.server(INSTANCE, settings("smtp.tenant.test", 2525, null, false),
                () -> fail("no tenant password is stored"));
        assertEquals(new Mailer.Smtp("smtp.tenant.test", 2525, false, "", "", 10_000, true), smtp);
    }

    @Test
    void aTenantServerGetsTheTenantsOwnLoginAndPort25ByDefault() {
        Mailer.Smtp smtp = OutboxSender.server(INSTANCE, settings("smtp.tenant.test", null, "tenant-user", true),
                () -> "tenant-secret");
        assertEquals(new Mailer.Smtp("smtp.tenant.test", 25, false, "tenant-user", "tenant-secret", 10_000, true),
                smtp);
    }

    @Test
    void withoutItsOwnHostATenantUsesTheInstanceServerWholly() {
        Mailer.Smtp smtp = OutboxSender.server(INSTANCE, settings(null, 2525, "tenant-user", true),
                () -> fail("the tenant's password is not for the instance's server"));
        assertEquals(new Mailer.Smtp("mail.isp-host.test", 587, true, "instance-user", "instance-secret", 10_000,
                false),
                smtp);
    }
}
