package io.evobserver.testing;

import io.evobserver.testing.StubServer.RecordedRequest;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URI;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The user's side of a browser login in tests: finds the authorize URL a login printed and
 * "pastes" the redirect a browser would show, built from that URL (so the state is the real one).
 *
 * @param authorizeUrl matches the printed authorize URL in its group 1
 */
public record PastedRedirect(Pattern authorizeUrl) {

    /** The authorize URL's query parameters, decoded, from what the login printed. */
    public Map<String, String> authorizeParams(String printed) {
        Matcher m = authorizeUrl.matcher(printed);
        if (!m.find()) {
            throw new AssertionError("no authorize URL in: " + printed);
        }
        return new RecordedRequest("GET", "/", URI.create(m.group(1)).getRawQuery(), Map.of(), new byte[0])
                .queryParams();
    }

    /**
     * A reader that answers the prompt the way a user would: at the first read it looks at what was
     * printed so far and returns {@code redirect} applied to the authorize URL's parameters.
     */
    public Reader pasting(StringWriter printed, Function<Map<String, String>, String> redirect) {
        return new Reader() {
            private Reader answer;

            @Override
            public int read(char[] buffer, int offset, int length) throws IOException {
                if (answer == null) {
                    answer = new StringReader(redirect.apply(authorizeParams(printed.toString())) + "\n");
                }
                return answer.read(buffer, offset, length);
            }

            @Override
            public void close() {
            }
        };
    }
}
