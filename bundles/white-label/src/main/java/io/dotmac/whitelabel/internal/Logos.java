package io.dotmac.whitelabel.internal;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

import io.dotmac.platform.api.ValidationException;

/**
 * A tenant's logo, made safe to show anywhere: a PNG is decoded and encoded again (only pixels survive: no text
 * chunks, no trailing data, no other format posing as PNG); an SVG is parsed without DTDs or external entities and
 * rebuilt from an allow-list of drawing elements and presentation attributes (no script, no event handler, no
 * foreign object, no reference to anything outside the document, no style sheet). Anything else, or too large, is
 * 422 naming {@code logo}.
 */
final class Logos {

    static final String PNG = "image/png";
    static final String SVG = "image/svg+xml";
    static final int MAX_BYTES = 256 * 1024;
    static final int MAX_SIDE = 4096;
    private static final String SVG_NS = "http://www.w3.org/2000/svg";

    private static final Set<String> ELEMENTS = Set.of("svg", "g", "path", "rect", "circle", "ellipse", "line",
            "polyline", "polygon", "text", "tspan", "defs", "lineargradient", "radialgradient", "stop", "title",
            "desc", "clippath", "use", "symbol");
    private static final Set<String> ATTRIBUTES = Set.of("id", "class", "d", "x", "y", "x1", "y1", "x2", "y2", "cx",
            "cy", "r", "rx", "ry", "width", "height", "viewbox", "points", "fill", "fill-opacity", "fill-rule",
            "stroke", "stroke-width", "stroke-opacity", "stroke-linecap", "stroke-linejoin", "stroke-dasharray",
            "opacity", "transform", "offset", "stop-color", "stop-opacity", "gradientunits", "gradienttransform",
            "font-family", "font-size", "font-weight", "text-anchor", "clip-path", "preserveaspectratio", "version",
            "href", "xmlns", "xmlns:xlink", "xlink:href", "dx", "dy", "spreadmethod", "fx", "fy", "clip-rule");
    /** Values that would reach outside the document or run something. */
    private static final Pattern UNSAFE_VALUE = Pattern.compile("(?i)(javascript:|data:|url\\s*\\(\\s*['\"]?\\s*"
            + "(?!#)|expression\\s*\\(|@import)");

    private Logos() {
    }

    /** The sanitised logo of {@code type}; 422 naming {@code logo} for anything else. */
    static byte[] sanitise(String type, byte[] body) {
        if (body == null || body.length == 0) {
            throw new ValidationException("logo", "is empty");
        }
        if (body.length > MAX_BYTES) {
            throw new ValidationException("logo", "must be at most " + MAX_BYTES / 1024 + " KB");
        }
        String t = type == null ? "" : type.toLowerCase(Locale.ROOT).split(";")[0].strip();
        return switch (t) {
            case PNG -> png(body);
            case SVG -> svg(body);
            default -> throw new ValidationException("logo", "must be image/png or image/svg+xml, not '" + t + "'");
        };
    }

    private static byte[] png(byte[] body) {
        byte[] signature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        for (int i = 0; i < signature.length; i++) {
            if (body.length <= i || body[i] != signature[i]) {
                throw new ValidationException("logo", "is not a PNG image");
            }
        }
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(body));
        } catch (IOException | RuntimeException e) {
            image = null;
        }
        if (image == null) {
            throw new ValidationException("logo", "is not a PNG image that can be read");
        }
        if (image.getWidth() > MAX_SIDE || image.getHeight() > MAX_SIDE) {
            throw new ValidationException("logo", "must be at most " + MAX_SIDE + " pixels wide and high");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new ValidationException("logo", "could not be encoded again as PNG");
        }
        if (out.size() > MAX_BYTES * 2) {
            throw new ValidationException("logo", "is too large once decoded; use a smaller image");
        }
        return out.toByteArray();
    }

    private static byte[] svg(byte[] body) {
        Document source;
        try {
            source = parser().parse(new ByteArrayInputStream(body));
        } catch (SAXException | IOException e) {
            throw new ValidationException("logo", "is not an SVG document this server accepts (well-formed XML, "
                    + "no DTD)");
        }
        Element root = source.getDocumentElement();
        if (!"svg".equals(localName(root)) || !SVG_NS.equals(root.getNamespaceURI())) {
            throw new ValidationException("logo", "is not an SVG document (its root must be <svg> in the SVG "
                    + "namespace)");
        }
        Document clean;
        try {
            clean = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
        clean.appendChild(copy(root, clean));
        try {
            Transformer transformer = transformers().newTransformer();
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "no");
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            StringWriter out = new StringWriter();
            transformer.transform(new DOMSource(clean), new StreamResult(out));
            return out.toString().getBytes(StandardCharsets.UTF_8);
        } catch (TransformerException e) {
            throw new IllegalStateException("an SVG logo could not be written", e);
        }
    }

    /** {@code element} and what of it is allowed, in {@code into}; null when the element is not. */
    private static Element copy(Element element, Document into) {
        String name = localName(element);
        Element out = into.createElementNS(SVG_NS, name);
        NamedNodeMap attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr a = (Attr) attributes.item(i);
            String attr = a.getName().toLowerCase(Locale.ROOT);
            if (!ATTRIBUTES.contains(attr) || attr.startsWith("xmlns")) {
                continue;
            }
            String value = a.getValue();
            if (UNSAFE_VALUE.matcher(value).find()) {
                continue;
            }
            if ((attr.equals("href") || attr.equals("xlink:href")) && !value.startsWith("#")) {
                continue; // only references inside the document
            }
            if (attr.equals("xlink:href")) {
                out.setAttributeNS("http://www.w3.org/1999/xlink", "xlink:href", value);
            } else {
                out.setAttribute(a.getLocalName() == null ? a.getName() : a.getLocalName(), value);
            }
        }
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element e) {
                if (SVG_NS.equals(e.getNamespaceURI()) && ELEMENTS.contains(localName(e).toLowerCase(Locale.ROOT))) {
                    out.appendChild(copy(e, into));
                }
            } else if (child.getNodeType() == Node.TEXT_NODE || child.getNodeType() == Node.CDATA_SECTION_NODE) {
                if (Set.of("text", "tspan", "title", "desc").contains(name.toLowerCase(Locale.ROOT))) {
                    out.appendChild(into.createTextNode(child.getTextContent()));
                }
            }
        }
        return out;
    }

    private static String localName(Node node) {
        return node.getLocalName() == null ? node.getNodeName() : node.getLocalName();
    }

    private static DocumentBuilder parser() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(new org.xml.sax.helpers.DefaultHandler()); // refusals are answered, not printed
            return b;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TransformerFactory transformers() {
        TransformerFactory f = TransformerFactory.newInstance();
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
        return f;
    }

    /** For the answer's headers: an SVG shown directly may do nothing. */
    static Map<String, String> headers(String type) {
        return SVG.equals(type) ? Map.of("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'",
                "X-Content-Type-Options", "nosniff") : Map.of("X-Content-Type-Options", "nosniff");
    }
}
