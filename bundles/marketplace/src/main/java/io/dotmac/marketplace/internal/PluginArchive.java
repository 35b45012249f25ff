package io.dotmac.marketplace.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * What a (signature-checked) plugin archive holds: one bundle jar, or a KAR whose one feature lists the bundles that
 * make the plugin, each inside the KAR. Exactly one of the bundles declares the plugin ({@code io.dotmac.plugin}).
 * A KAR's feature may hold bundles only: no dependencies on other features (the platform provides the published
 * API; everything else comes in the KAR), no configurations and no files, and the KAR nothing outside its
 * repository: the marketplace installs the bundles through a feature of its own, never the developer's XML.
 *
 * @param kind    {@code BUNDLE} or {@code KAR}
 * @param feature the KAR's feature name (the plugin's bundle's symbolic name for a bundle)
 * @param bundles in the feature's order; a bundle jar's one member has the entry {@value #WHOLE}
 */
record PluginArchive(String kind, String feature, List<Member> bundles) {

    static final String BUNDLE = "BUNDLE";
    static final String KAR = "KAR";
    /** The entry name that stands for the whole archive (a bundle jar is its own one member). */
    static final String WHOLE = "bundle.jar";
    private static final int MAX_BUNDLES = 20;
    static final Pattern TIER = Pattern.compile("[;\\s]tier\\s*=\\s*\"?([A-Z]+)\"?");
    static final Pattern CAPABILITY = Pattern.compile("io\\.dotmac\\.plugin\\s*=\\s*\"?([A-Za-z0-9_.-]+)\"?");
    private static final Pattern MVN = Pattern.compile(
            "mvn:([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+)/([A-Za-z0-9_.+-]+)(?:/([A-Za-z0-9_-]*)(?:/([A-Za-z0-9_.-]+))?)?");

    /**
     * One bundle of the archive.
     *
     * @param entry      its path in the archive ({@value #WHOLE}: the archive itself)
     * @param pluginId   the plugin it declares, or null (a library the plugin brings)
     * @param pluginTier the tier it declares, or null
     */
    record Member(String entry, String symbolicName, String version, String pluginId, String pluginTier) {
    }

    /** The bundle that declares the plugin. */
    Member plugin() {
        return bundles.stream().filter(b -> b.pluginId() != null).findFirst().orElseThrow();
    }

    /** Reads {@code file}: a bundle jar (its manifest names a bundle) or a KAR. */
    static PluginArchive read(Path file) throws SignedJars.Refused {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Manifest manifest = manifest(zip);
            if (manifest != null && manifest.getMainAttributes().getValue("Bundle-SymbolicName") != null) {
                Member m = member(WHOLE, manifest);
                if (m.pluginId() == null) {
                    throw new SignedJars.Refused("The bundle declares no plugin (@DotMacPlugin on a package: "
                            + "Provide-Capability io.dotmac.plugin)");
                }
                return new PluginArchive(BUNDLE, m.symbolicName(), List.of(m));
            }
            return kar(zip);
        } catch (IOException e) {
            throw new SignedJars.Refused("The file is not a readable jar or KAR: " + e.getMessage(), e);
        }
    }

    private static PluginArchive kar(ZipFile zip) throws IOException, SignedJars.Refused {
        List<ZipEntry> features = new ArrayList<>();
        for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements();) {
            ZipEntry entry = e.nextElement();
            String name = entry.getName();
            if (name.startsWith("META-INF/") || entry.isDirectory()) {
                continue;
            }
            if (!name.startsWith("repository/") || name.contains("..")) {
                throw new SignedJars.Refused("The archive is neither an OSGi bundle (no Bundle-SymbolicName) nor a "
                        + "KAR holding only repository/ ('" + name + "')");
            }
            if (name.endsWith(".xml")) {
                features.add(entry);
            }
        }
        if (features.size() != 1) {
            throw new SignedJars.Refused(features.isEmpty()
                    ? "The archive is neither an OSGi bundle (no Bundle-SymbolicName) nor a KAR (no features XML in "
                            + "repository/)"
                    : "The KAR holds " + features.size() + " XML files: one features repository, with one feature");
        }
        Element feature = feature(zip, features.get(0));
        String name = feature.getAttribute("name");
        List<Member> bundles = new ArrayList<>();
        for (Node n = feature.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (!(n instanceof Element child)) {
                continue;
            }
            switch (child.getLocalName()) {
            case "details" -> {
            }
            case "bundle" -> bundles.add(bundle(zip, name, child.getTextContent().strip()));
            case "feature" -> throw new SignedJars.Refused("The KAR's feature '" + name + "' depends on feature '"
                    + child.getTextContent().strip() + "': a marketplace feature holds its own bundles only (the "
                    + "platform provides the published plugin API; anything else comes in the KAR)");
            default -> throw new SignedJars.Refused("The KAR's feature '" + name + "' has a <" + child.getLocalName()
                    + ">: a marketplace feature holds bundles only (no configurations, files or conditions)");
            }
        }
        if (bundles.isEmpty() || bundles.size() > MAX_BUNDLES) {
            throw new SignedJars.Refused("The KAR's feature '" + name + "' must list 1 to " + MAX_BUNDLES
                    + " bundles, not " + bundles.size());
        }
        long plugins = bundles.stream().filter(b -> b.pluginId() != null).count();
        if (plugins != 1) {
            throw new SignedJars.Refused("The KAR's feature '" + name + "' must hold exactly one bundle that declares "
                    + "a plugin (@DotMacPlugin), not " + plugins);
        }
        return new PluginArchive(KAR, name, List.copyOf(bundles));
    }

    /** The one {@code <feature>} of the KAR's features repository. */
    private static Element feature(ZipFile zip, ZipEntry xml) throws IOException, SignedJars.Refused {
        Document doc;
        try (InputStream in = zip.getInputStream(xml)) {
            doc = parser().parse(in);
        } catch (SAXException | ParserConfigurationException e) {
            throw new SignedJars.Refused("The KAR's '" + xml.getName() + "' is not a readable features XML: "
                    + e.getMessage(), e);
        }
        Element root = doc.getDocumentElement();
        if (!"features".equals(root.getLocalName())) {
            throw new SignedJars.Refused("The KAR's '" + xml.getName() + "' is not a features repository (<"
                    + root.getLocalName() + ">)");
        }
        List<Element> found = new ArrayList<>();
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                if (!"feature".equals(e.getLocalName())) {
                    throw new SignedJars.Refused("The KAR's features repository has a <" + e.getLocalName()
                            + ">: it holds one feature and nothing else");
                }
                found.add(e);
            }
        }
        if (found.size() != 1) {
            throw new SignedJars.Refused("The KAR's features repository holds " + found.size()
                    + " features: a marketplace plugin is one feature");
        }
        return found.get(0);
    }

    /** An XML parser that reads no DTD and no external entity. */
    private static DocumentBuilder parser() throws ParserConfigurationException {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        DocumentBuilder builder = f.newDocumentBuilder();
        // errors are thrown (and become the refusal's message), not printed to stderr as the default handler does
        builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler());
        return builder;
    }

    /** The bundle a {@code <bundle>mvn:...</bundle>} names, which must be in the KAR's repository. */
    private static Member bundle(ZipFile zip, String feature, String url) throws IOException, SignedJars.Refused {
        String entry = entryOf(url);
        if (entry == null) {
            throw new SignedJars.Refused("The KAR's feature '" + feature + "' lists '" + url + "': a marketplace "
                    + "feature's bundles are mvn: URLs of artifacts in the KAR's repository/");
        }
        ZipEntry e = zip.getEntry(entry);
        if (e == null) {
            throw new SignedJars.Refused("The KAR's feature '" + feature + "' lists " + url + " but the KAR has no "
                    + entry + ": everything a marketplace plugin needs comes in its KAR");
        }
        Manifest manifest;
        try (JarInputStream jar = new JarInputStream(zip.getInputStream(e), false)) {
            manifest = jar.getManifest();
        }
        if (manifest == null || manifest.getMainAttributes().getValue("Bundle-SymbolicName") == null) {
            throw new SignedJars.Refused("The KAR's " + entry + " is not an OSGi bundle (no Bundle-SymbolicName)");
        }
        return member(entry, manifest);
    }

    /** Where Maven's repository layout puts the artifact of an {@code mvn:} URL, under {@code repository/}. */
    static String entryOf(String url) {
        Matcher m = MVN.matcher(url);
        if (!m.matches() || url.contains("..")) {
            return null;
        }
        String group = m.group(1);
        String artifact = m.group(2);
        String version = m.group(3);
        String type = m.group(4) == null || m.group(4).isEmpty() ? "jar" : m.group(4);
        String classifier = m.group(5) == null ? "" : "-" + m.group(5);
        return "repository/" + group.replace('.', '/') + "/" + artifact + "/" + version + "/" + artifact + "-"
                + version + classifier + "." + type;
    }

    private static Manifest manifest(ZipFile zip) throws IOException {
        ZipEntry e = zip.getEntry("META-INF/MANIFEST.MF");
        if (e == null) {
            return null;
        }
        try (InputStream in = zip.getInputStream(e)) {
            return new Manifest(in);
        }
    }

    private static Member member(String entry, Manifest manifest) {
        var main = manifest.getMainAttributes();
        String name = main.getValue("Bundle-SymbolicName").split(";")[0].strip();
        String version = main.getValue("Bundle-Version") == null ? "0.0.0" : main.getValue("Bundle-Version").strip();
        String[] declared = declared(main.getValue("Provide-Capability"));
        return new Member(entry, name, version, declared == null ? null : declared[0],
                declared == null ? null : declared[1]);
    }

    /** The plugin id and tier a {@code Provide-Capability} header declares ({@code io.dotmac.plugin}), or null. */
    static String[] declared(String header) {
        if (header == null) {
            return null;
        }
        for (String clause : header.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")) {
            String c = clause.strip();
            if (c.startsWith("io.dotmac.plugin;") || c.startsWith("io.dotmac.plugin ;")) {
                Matcher id = CAPABILITY.matcher(c);
                Matcher tier = TIER.matcher(c);
                if (id.find()) {
                    return new String[] {id.group(1), tier.find() ? tier.group(1) : ""};
                }
            }
        }
        return null;
    }
}
