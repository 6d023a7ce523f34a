package io.evobserver.http;

import java.net.URI;

/**
 * A vendor host as configured ({@code --api-base-url}, {@code --auth-base-url}): users write it
 * with or without a trailing slash, and documented paths start with one.
 */
public final class BaseUrl {

    private BaseUrl() {
    }

    /** {@code base} as text without a trailing slash. */
    public static String text(URI base) {
        String text = base.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    /** {@code base} followed by {@code path} (which starts with a slash), with one slash between. */
    public static URI join(URI base, String path) {
        return URI.create(text(base) + path);
    }
}
