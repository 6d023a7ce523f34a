package io.evobserver.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version Maven stamped into the jar. */
final class Version implements picocli.CommandLine.IVersionProvider {
    static final String VALUE = load();

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream("/io/evobserver/version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {"ev-observer " + VALUE + " (Java " + Runtime.version() + ")"};
    }
}
