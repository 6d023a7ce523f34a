package io.evobserver.source.bmw;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evobserver.auth.OAuthTokens;
import io.evobserver.auth.TokenProvider;
import io.evobserver.core.FetchException;
import io.evobserver.core.LoginRequiredException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The CarData MQTT stream: user name = GCID, password = the current ID token, topic
 * {@code <GCID>/+} (every car of the account). Each message carries only the keys that changed; they
 * are merged into the {@link BmwReadingStore} the fetcher maps from, so stream values reach the
 * next snapshot without spending the REST quota.
 *
 * <p>The broker drops the connection when the ID token expires (1 h), so one thread keeps a
 * connection up: it connects with the current token, reconnects with a refreshed one a few minutes
 * before expiry, and after a lost connection backs off (5 s doubling to 5 min). Only one stream
 * connection per account is possible: another client with the same GCID kicks this one off.
 */
final class BmwMqttStream implements BmwStream {

    private static final Logger LOG = Logger.getLogger(BmwMqttStream.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Duration RECONNECT_BEFORE_EXPIRY = Duration.ofMinutes(5);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(5);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

    private final URI broker;
    private final TokenProvider tokens;
    private final BmwReadingStore store;
    private final Clock clock;
    private final Thread worker;
    private final AtomicLong messages = new AtomicLong();
    private volatile boolean closed;
    private volatile CountDownLatch lost = new CountDownLatch(1);
    private volatile MqttClient client;

    BmwMqttStream(URI broker, TokenProvider tokens, BmwReadingStore store, Clock clock) {
        this.broker = broker;
        this.tokens = tokens;
        this.store = store;
        this.clock = clock;
        this.worker = new Thread(this::run, "bmw-stream");
        this.worker.setDaemon(true);
    }

    static final Factory FACTORY = (config, tokens, store) -> {
        BmwMqttStream stream = new BmwMqttStream(config.streamUri(), tokens, store, Clock.systemUTC());
        stream.start();
        return stream;
    };

    void start() {
        worker.start();
    }

    /** Messages received so far (for logs and tests). */
    long messages() {
        return messages.get();
    }

    boolean connected() {
        MqttClient c = client;
        return c != null && c.isConnected();
    }

    private void run() {
        Duration backoff = FIRST_BACKOFF;
        while (!closed) {
            try {
                OAuthTokens t = tokens.tokens(); // refreshed first when it expires within 5 minutes
                String gcid = t.extraText("gcid").orElseThrow(() ->
                        new LoginRequiredException(BmwApi.VENDOR, "the token file has no gcid (log in again)"));
                String idToken = t.extraText("id_token").orElseThrow(() ->
                        new LoginRequiredException(BmwApi.VENDOR, "the token file has no id_token (log in again"
                                + " with the openid scope)"));
                connect(gcid, idToken);
                backoff = FIRST_BACKOFF;
                Instant reconnectAt = t.expiresAt() == null ? clock.instant().plus(Duration.ofMinutes(55))
                        : t.expiresAt().minus(RECONNECT_BEFORE_EXPIRY);
                long waitMs = Math.max(1_000, Duration.between(clock.instant(), reconnectAt).toMillis());
                boolean dropped = lost.await(waitMs, TimeUnit.MILLISECONDS);
                disconnect();
                if (dropped && !closed) {
                    sleep(backoff);
                    backoff = next(backoff);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (LoginRequiredException e) {
                LOG.warning("bmw stream stopped: " + e.getMessage());
                break;
            } catch (FetchException | MqttException e) {
                LOG.warning("bmw stream: " + describe(e) + "; retrying in " + backoff.toSeconds() + " s");
                disconnect();
                try {
                    sleep(backoff);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
                backoff = next(backoff);
            }
        }
        disconnect();
    }

    private void connect(String gcid, String idToken) throws MqttException {
        lost = new CountDownLatch(1);
        MqttClient c = new MqttClient(broker.toString(), "ev-observer-" + UUID.randomUUID().toString().substring(0, 8),
                new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setUserName(gcid);
        options.setPassword(idToken.toCharArray());
        options.setCleanSession(true);
        options.setKeepAliveInterval(60);
        options.setConnectionTimeout(30);
        options.setAutomaticReconnect(false); // the password changes hourly: we reconnect ourselves
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        c.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                LOG.info("bmw stream: connection lost (" + (cause == null ? "closed" : cause.getClass().getSimpleName())
                        + "); another client with the same BMW ID may have taken over");
                lost.countDown();
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                accept(topic, message.getPayload());
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        c.connect(options);
        client = c;
        c.subscribe(gcid + "/+", 1);
        LOG.info("bmw stream: connected to " + broker.getHost() + ":" + broker.getPort());
    }

    /** Parses one message and merges it; a bad message is logged and dropped, never fatal. */
    void accept(String topic, byte[] payload) {
        try {
            JsonNode root = JSON.readTree(payload);
            String vin = root.path("vin").asText("");
            if (vin.isEmpty() && topic != null && topic.contains("/")) {
                vin = topic.substring(topic.lastIndexOf('/') + 1);
            }
            Map<String, BmwReading> readings = BmwMapper.readings(root);
            if (!vin.isEmpty() && !readings.isEmpty()) {
                store.merge(vin.toUpperCase(Locale.ROOT), readings);
            }
            messages.incrementAndGet();
        } catch (IOException | RuntimeException e) {
            LOG.fine(() -> "bmw stream: ignoring an unreadable message (" + e.getClass().getSimpleName() + ")");
        }
    }

    private void disconnect() {
        MqttClient c = client;
        client = null;
        if (c == null) {
            return;
        }
        try {
            if (c.isConnected()) {
                c.disconnect(2_000);
            }
        } catch (MqttException e) {
            LOG.fine("bmw stream: disconnect: " + e.getReasonCode());
        }
        try {
            c.close();
        } catch (MqttException e) {
            LOG.fine("bmw stream: close: " + e.getReasonCode());
        }
    }

    private static String describe(Exception e) {
        if (e instanceof MqttException m) {
            return switch (m.getReasonCode()) {
                case MqttException.REASON_CODE_FAILED_AUTHENTICATION, MqttException.REASON_CODE_NOT_AUTHORIZED ->
                        "broker refused the login (check the CarData Stream subscription and the selected keys)";
                default -> "MQTT error " + m.getReasonCode();
            };
        }
        return e.getMessage();
    }

    private void sleep(Duration d) throws InterruptedException {
        Thread.sleep(d.toMillis());
    }

    private static Duration next(Duration d) {
        Duration doubled = d.multipliedBy(2);
        return doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
    }

    @Override
    public void close() {
        closed = true;
        lost.countDown();
        worker.interrupt();
        disconnect();
    }
}
