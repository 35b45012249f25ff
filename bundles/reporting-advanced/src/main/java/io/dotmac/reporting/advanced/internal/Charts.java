package io.dotmac.reporting.advanced.internal;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;

import io.dotmac.platform.api.ValidationException;
import io.dotmac.reporting.basic.Report;

/**
 * The charts of the advanced reports, drawn with XChart: MRR as a line, MRR movements as stacked bars (losses below
 * zero), cohort retention as a heat map. PNG through Java2D, SVG through VectorGraphics2D. A chart shows one
 * currency: the report's only one, or the one its {@code currency} parameter chose.
 */
final class Charts {

    /** The size of a chart: 800 × 450 unless asked; 200 × 150 to 4000 × 3000. */
    record Size(int width, int height) {

        static Size of(Map<String, String> parameters) {
            List<io.dotmac.platform.api.FieldError> errors = new ArrayList<>();
            int width = dimension(parameters, "width", 800, 200, 4000, errors);
            int height = dimension(parameters, "height", 450, 150, 3000, errors);
            if (!errors.isEmpty()) {
                throw new ValidationException(errors);
            }
            return new Size(width, height);
        }

        private static int dimension(Map<String, String> parameters, String name, int otherwise, int min, int max,
                List<io.dotmac.platform.api.FieldError> errors) {
            String value = parameters.get(name);
            if (value == null || value.isBlank()) {
                return otherwise;
            }
            try {
                int n = Integer.parseInt(value.strip());
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // named below
            }
            errors.add(new io.dotmac.platform.api.FieldError(name, "must be a whole number of pixels from " + min
                    + " to " + max));
            return otherwise;
        }
    }

    private Charts() {
    }

    /**
     * The colours a chart is drawn in: DotMac's, or a brand's primary (the main series) and accent (the second).
     */
    record Palette(Color primary, Color accent) {
        static final Palette DOTMAC = new Palette(new Color(0x2e7d32), new Color(0x81c784));

        /** A brand's colours ({@code #rrggbb}); one it lacks is DotMac's. */
        static Palette of(String primary, String accent) {
            Color p = parse(primary);
            Color a = parse(accent);
            return new Palette(p != null ? p : DOTMAC.primary, a != null ? a : p != null ? p.brighter()
                    : DOTMAC.accent);
        }

        private static Color parse(String hex) {
            return hex != null && hex.matches("#[0-9a-fA-F]{6}") ? new Color(Integer.parseInt(hex.substring(1), 16))
                    : null;
        }
    }

    static byte[] png(Chart<?, ?> chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] svg(Chart<?, ?> chart) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The one currency of {@code report}'s rows; 422 naming {@code currency} when there are several. */
    static String currency(Report report) {
        Set<String> currencies = new LinkedHashSet<>();
        report.rows().forEach(r -> currencies.add((String) r.get("currency")));
        if (currencies.size() > 1) {
            throw new ValidationException("currency", "a chart shows one currency: choose one of " + currencies);
        }
        return currencies.isEmpty() ? null : currencies.iterator().next();
    }

    private static double amount(Object value) {
        return value == null ? 0 : new BigDecimal(value.toString()).doubleValue();
    }

    private static void style(Styler styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.InsideNW);
        styler.setChartTitleVisible(true);
    }

    /** MRR per month, a line. */
    static XYChart mrrLine(Report report, Size size) {
        return mrrLine(report, size, Palette.DOTMAC);
    }

    static XYChart mrrLine(Report report, Size size, Palette palette) {
        String currency = currency(report);
        XYChart chart = new XYChartBuilder().width(size.width()).height(size.height())
                .title("MRR" + (currency == null ? "" : " (" + currency + ")")).xAxisTitle("Month")
                .yAxisTitle(currency == null ? "MRR" : currency).build();
        style(chart.getStyler());
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (Map<String, Object> row : report.rows()) {
            x.add((double) x.size());
            y.add(amount(row.get("mrr")));
            labels.add((String) row.get("month"));
        }
        if (x.isEmpty()) {
            x.add(0d);
            y.add(0d);
            labels.add("");
        }
        chart.getStyler().setxAxisTickLabelsFormattingFunction(v -> {
            int i = (int) Math.round(v);
            return i >= 0 && i < labels.size() ? labels.get(i) : "";
        });
        org.knowm.xchart.XYSeries mrr = chart.addSeries("MRR", x, y);
        mrr.setLineColor(palette.primary());
        mrr.setMarkerColor(palette.primary());
        return chart;
    }

    /** New and expansion MRR above zero, contraction and churned below, stacked per month. */
    static CategoryChart movementsBars(Report report, Size size) {
        return movementsBars(report, size, Palette.DOTMAC);
    }

    static CategoryChart movementsBars(Report report, Size size, Palette palette) {
        String currency = currency(report);
        CategoryChart chart = new CategoryChartBuilder().width(size.width()).height(size.height())
                .title("MRR movements" + (currency == null ? "" : " (" + currency + ")")).xAxisTitle("Month")
                .yAxisTitle(currency == null ? "MRR" : currency).build();
        style(chart.getStyler());
        chart.getStyler().setStacked(true);
        chart.getStyler().setOverlapped(false);
        List<String> months = new ArrayList<>();
        List<Double> fresh = new ArrayList<>();
        List<Double> expansion = new ArrayList<>();
        List<Double> contraction = new ArrayList<>();
        List<Double> churned = new ArrayList<>();
        for (Map<String, Object> row : report.rows()) {
            months.add((String) row.get("month"));
            fresh.add(amount(row.get("newMrr")));
            expansion.add(amount(row.get("expansionMrr")));
            contraction.add(-amount(row.get("contractionMrr")));
            churned.add(-amount(row.get("churnedMrr")));
        }
        if (months.isEmpty()) {
            months.add("");
            List.of(fresh, expansion, contraction, churned).forEach(l -> l.add(0d));
        }
        chart.addSeries("New", months, fresh).setFillColor(palette.primary());
        chart.addSeries("Expansion", months, expansion).setFillColor(palette.accent());
        chart.addSeries("Contraction", months, contraction).setFillColor(new Color(0xffb74d));
        chart.addSeries("Churned", months, churned).setFillColor(new Color(0xc62828));
        return chart;
    }

    /** Cohort retention: signup months down, months since signup across, percentage retained as colour. */
    static HeatMapChart cohortHeatMap(Report report, Size size) {
        return cohortHeatMap(report, size, Palette.DOTMAC);
    }

    /** The heat map's scale: red (lost) through yellow to the palette's primary colour (retained). */
    static HeatMapChart cohortHeatMap(Report report, Size size, Palette palette) {
        HeatMapChart chart = new HeatMapChartBuilder().width(size.width()).height(size.height())
                .title("Cohort retention (%)").xAxisTitle("Months since signup").yAxisTitle("Signup month").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setShowValue(true);
        chart.getStyler().setMin(0);
        chart.getStyler().setMax(100);
        chart.getStyler().setRangeColors(new Color[] { new Color(0xc62828), new Color(0xfff176),
            palette.primary() });
        int width = report.columns().size() - 2;
        List<Integer> x = new ArrayList<>();
        for (int k = 0; k < Math.max(1, width); k++) {
            x.add(k);
        }
        List<String> y = new ArrayList<>();
        List<Number[]> cells = new ArrayList<>();
        for (Map<String, Object> row : report.rows()) {
            int yi = y.size();
            y.add((String) row.get("cohort"));
            for (int k = 0; k < width; k++) {
                Object v = row.get("month" + k);
                if (v != null) {
                    cells.add(new Number[] { k, yi, ((BigDecimal) v).doubleValue() });
                }
            }
        }
        if (y.isEmpty()) {
            y.add("");
        }
        chart.addSeries("Retention", x, y, cells);
        return chart;
    }
}
