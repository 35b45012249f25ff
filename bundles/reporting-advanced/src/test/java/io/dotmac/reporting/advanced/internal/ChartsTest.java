package io.dotmac.reporting.advanced.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import io.dotmac.platform.api.ValidationException;
import io.dotmac.reporting.basic.Report;
import io.dotmac.reporting.basic.Report.Column;
import io.dotmac.reporting.basic.Report.Column.Type;

class ChartsTest {

    private static Map<String, Object> row(Object... kv) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            row.put((String) kv[i], kv[i + 1]);
        }
        return row;
    }

    private static final Report MOVEMENTS = new Report("mrr/movements", Map.of(), MrrReport.MOVEMENTS, List.of(
            row("month", "2025-01", "currency", "USD", "newMrr", "30.00", "expansionMrr", "0.00", "contractionMrr",
                    "0.00", "churnedMrr", "0.00", "netNewMrr", "30.00", "mrr", "80.00"),
            row("month", "2025-02", "currency", "USD", "newMrr", "50.00", "expansionMrr", "0.00", "contractionMrr",
                    "20.00", "churnedMrr", "0.00", "netNewMrr", "30.00", "mrr", "110.00")));

    @Test
    void pngIsAnImageOfTheAskedSize() throws Exception {
        byte[] png = Charts.png(Charts.movementsBars(MOVEMENTS, new Charts.Size(640, 360)));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(640, image.getWidth());
        assertEquals(360, image.getHeight());
        png = Charts.png(Charts.mrrLine(MOVEMENTS, new Charts.Size(300, 200)));
        assertEquals(300, ImageIO.read(new ByteArrayInputStream(png)).getWidth());
    }

    @Test
    void svgIsAnSvgDocumentOfTheAskedSize() throws Exception {
        Report cohorts = new Report("cohorts", Map.of(), List.of(new Column("cohort", Type.MONTH),
                new Column("customers", Type.INTEGER), new Column("month0", Type.DECIMAL),
                new Column("month1", Type.DECIMAL)), List.of(row("cohort", "2025-01", "customers", 2L, "month0",
                        new BigDecimal("100.00"), "month1", new BigDecimal("50.00")),
                        row("cohort", "2025-02", "customers", 1L, "month0", new BigDecimal("100.00"), "month1",
                                null)));
        byte[] svg = Charts.svg(Charts.cohortHeatMap(cohorts, new Charts.Size(800, 450)));
        String text = new String(svg, StandardCharsets.UTF_8);
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg));
        assertEquals("svg", doc.getDocumentElement().getLocalName() != null
                ? doc.getDocumentElement().getLocalName() : doc.getDocumentElement().getTagName());
        assertTrue(doc.getDocumentElement().getAttribute("width").startsWith("800"), text.substring(0, 300));
        assertEquals("0 0 800 450", doc.getDocumentElement().getAttribute("viewBox"));
        // XChart draws its labels as outlines: the document is shapes, and a good many of them
        assertTrue(doc.getElementsByTagName("*").getLength() > 20, text.substring(0, 300));
    }

    @Test
    void aChartShowsOneCurrencyAndASaneSize() {
        Report two = new Report("mrr", Map.of(), MrrReport.MOVEMENTS, List.of(row("month", "2025-01", "currency",
                "USD", "mrr", "1.00"), row("month", "2025-01", "currency", "EUR", "mrr", "1.00")));
        assertEquals("currency", assertThrows(ValidationException.class,
                () -> Charts.mrrLine(two, new Charts.Size(800, 450))).errors().get(0).field());
        assertEquals(List.of("width", "height"), assertThrows(ValidationException.class,
                () -> Charts.Size.of(Map.of("width", "10", "height", "big"))).errors().stream()
                        .map(e -> e.field()).toList());
        assertEquals(new Charts.Size(800, 450), Charts.Size.of(Map.of()));
    }

    /** How many pixels of {@code png} are {@code rgb}. */
    private static int pixels(byte[] png, int rgb) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        int n = 0;
        for (int x = 0; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                n += (image.getRGB(x, y) & 0xffffff) == rgb ? 1 : 0;
            }
        }
        return n;
    }

    @Test
    void aBrandsColoursDrawItsCharts() throws Exception {
        Charts.Palette brand = Charts.Palette.of("#1565c0", "#ff6f00");
        byte[] branded = Charts.png(Charts.movementsBars(MOVEMENTS, new Charts.Size(640, 360), brand));
        byte[] standard = Charts.png(Charts.movementsBars(MOVEMENTS, new Charts.Size(640, 360)));
        assertTrue(pixels(branded, 0x1565c0) > 500, "the new MRR's bars are the brand's primary colour");
        assertEquals(0, pixels(branded, 0x2e7d32), "none of DotMac's green");
        assertEquals(0, pixels(standard, 0x1565c0));
        assertTrue(pixels(standard, 0x2e7d32) > 500);
        byte[] line = Charts.png(Charts.mrrLine(MOVEMENTS, new Charts.Size(640, 360), brand));
        assertTrue(pixels(line, 0x1565c0) > 50, "the MRR line is the brand's primary colour");
        // a colour the brand lacks is DotMac's (accent: a lighter primary)
        assertEquals(Charts.Palette.DOTMAC, Charts.Palette.of(null, null));
        assertEquals(new java.awt.Color(0x1565c0), Charts.Palette.of("#1565c0", null).primary());
    }
}
