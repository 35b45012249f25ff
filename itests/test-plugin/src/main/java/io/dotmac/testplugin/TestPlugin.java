package io.dotmac.testplugin;

/** Gives the bundle a class, so that its package and its plugin declaration are included. */
public final class TestPlugin {
    private TestPlugin() {
    }
}
