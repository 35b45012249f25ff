package io.dotmac.whitelabel.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import io.dotmac.platform.api.ValidationException;

class LogosTest {

    private static String svg(String body) {
        return new String(Logos.sanitise("image/svg+xml", body.getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8);
    }

    @Test
    void anSvgKeepsItsDrawingAndLosesEverythingActive() {
        String clean = svg("<svg xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink' "
                + "viewBox='0 0 10 10' onload='alert(1)'>"
                + "<script>alert(2)</script>"
                + "<rect width='10' height='5' fill='#ff0000' onclick='alert(3)' style='background:url(http://x)'/>"
                + "<foreignObject><div xmlns='http://www.w3.org/1999/xhtml'>x</div></foreignObject>"
                + "<a href='javascript:alert(4)'><circle r='2'/></a>"
                + "<image href='http://evil.example/track.png'/>"
                + "<use xlink:href='http://evil.example/x.svg#a'/><use xlink:href='#local'/>"
                + "<path d='M0 0L10 10' fill='url(http://evil.example/p)'/>"
                + "<text x='1' y='9'>ACME &amp; Co</text></svg>");
        for (String gone : new String[] {"script", "alert", "onload", "onclick", "foreignObject", "javascript",
            "evil.example", "style", "<a", "<image"}) {
            assertFalse(clean.contains(gone), gone + " survived: " + clean);
        }
        for (String kept : new String[] {"viewBox=\"0 0 10 10\"", "<rect", "fill=\"#ff0000\"", "xlink:href=\"#local\"",
            "M0 0L10 10", "ACME &amp; Co"}) {
            assertTrue(clean.contains(kept), kept + " lost: " + clean);
        }
    }

    @Test
    void entitiesDtdsAndNonSvgAre422NamingLogo() {
        for (String bad : new String[] {
            "<?xml version='1.0'?><!DOCTYPE svg [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
                    + "<svg xmlns='http://www.w3.org/2000/svg'>&x;</svg>",
            "<html><body/></html>", "<svg>not the svg namespace</svg>", "not xml at all"}) {
            ValidationException e = assertThrows(ValidationException.class, () -> svg(bad), bad);
            assertEquals("logo", e.errors().get(0).field());
        }
        assertThrows(ValidationException.class, () -> Logos.sanitise("image/gif", new byte[] {1}));
        assertThrows(ValidationException.class, () -> Logos.sanitise("image/png", new byte[Logos.MAX_BYTES + 1]));
        assertThrows(ValidationException.class, () -> Logos.sanitise("image/png", "GIF89a".getBytes()));
    }

    @Test
    void aPngIsEncodedAgainWithItsPixelsOnly() throws Exception {
        BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_INT_ARGB);
        image.setRGB(1, 1, 0xff00ff00);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        byte[] withTrailer = new byte[png.size() + 12];
        System.arraycopy(png.toByteArray(), 0, withTrailer, 0, png.size());
        System.arraycopy("<script>x()".getBytes(), 0, withTrailer, png.size(), 11);
        byte[] clean = Logos.sanitise("image/png", withTrailer);
        BufferedImage read = ImageIO.read(new ByteArrayInputStream(clean));
        assertEquals(3, read.getWidth());
        assertEquals(0xff00ff00, read.getRGB(1, 1));
        assertFalse(new String(clean, StandardCharsets.ISO_8859_1).contains("script"));
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(clean, 4));
    }
}
