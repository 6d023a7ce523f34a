package io.evobserver.telemetry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What goes into the {@code vehicle.vin} attribute: the VIN itself, or, when the user asks
 * for VINs to be hidden, a stable pseudonym (the same VIN always gives the same label, so
 * dashboards and history keep working, but the label does not reveal the VIN).
 */
public final class VinLabels {
    private final String salt;

    private VinLabels(String salt) {
        this.salt = salt;
    }

    public static VinLabels plain() {
        return new VinLabels(null);
    }

    /** Pseudonyms salted with a user secret, so they cannot be reversed by hashing all VINs. */
    public static VinLabels hidden(String salt) {
        return new VinLabels(salt == null ? "" : salt);
    }

    public String label(String vin) {
        if (salt == null) {
            return vin;
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            byte[] digest = sha.digest(vin.getBytes(StandardCharsets.UTF_8));
            return "veh-" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
