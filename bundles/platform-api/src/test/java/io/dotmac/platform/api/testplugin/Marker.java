package io.dotmac.platform.api.testplugin;

/** Gives the test plugin package a class so that bnd includes it. */
public final class Marker {
    private Marker() {
    }
}
