package io.evobserver.source.bmw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evobserver.core.EVMetricData;
import io.evobserver.core.PollingPolicy;
import io.evobserver.core.Signal;
import io.evobserver.core.Vehicle;
import io.evobserver.testing.RecordingSelfMetrics;
import io.evobserver.testing.StubServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CarData stream against a real Mosquitto broker (fetched by scripts/fetch-mosquitto.sh) that
 * only admits user GCID with the ID token as password: one REST snapshot, then a stream message
 * updates the next snapshot without another REST call. Plain TCP here; the real broker is TLS
 * (paho's standard {@code ssl://} socket factory, not exercised by this test).
 */
class BmwMqttStreamIT {

    private static final String GCID = "3f6c1e2a-9b7d-4c51-8e0a-2d4b6f8a1c93";

    @TempDir
    Path dir;
    private Process broker;
    private int port;
    private final BmwStub stub = new BmwStub();

    @BeforeEach
    void startBroker() throws Exception {
        Path root = Paths.get(System.getProperty("evobserver.mosquitto", "target/backends/mosquitto"));
        Path bin = root.resolve("usr/sbin/mosquitto");
        if (!Files.isExecutable(bin)) {
            throw new IllegalStateException("Mosquitto not found at " + bin + "; run scripts/fetch-mosquitto.sh");
        }
        String libs = root.resolve("usr/lib/x86_64-linux-gnu") + ":" + root.resolve("lib/x86_64-linux-gnu");
        Path passwd = dir.resolve("passwd");
        ProcessBuilder pw = new ProcessBuilder(root.resolve("usr/bin/mosquitto_passwd").toString(), "-b", "-c",
                passwd.toString(), GCID, BmwStub.ID_TOKEN).redirectErrorStream(true);
        pw.environment().put("LD_LIBRARY_PATH", libs);
        Process p = pw.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, "listener " + port + " 127.0.0.1\nallow_anonymous false\npassword_file " + passwd
                + "\npersistence false\n"
                // started as root, mosquitto would switch to 'nobody', who cannot read the temp folder
                + "user " + System.getProperty("user.name") + "\n");
        ProcessBuilder pb = new ProcessBuilder(bin.toString(), "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.log").toFile());
        log = dir.resolve("mosquitto.log");
        pb.environment().put("LD_LIBRARY_PATH", libs);
        broker = pb.start();
        await("broker listening", () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    @AfterEach
    void stop() throws Exception {
        stub.close();
        if (broker != null) {
            broker.destroy();
            broker.waitFor();
        }
    }

    /** Waits (bounded) for something another thread does; the deadline is a failure, not a measurement. */
    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what + logTail());
            }
            Thread.sleep(50);
        }
    }

    private static Path log;

    private static String logTail() {
        try {
            return log == null || !Files.exists(log) ? "" : "\n" + Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    private MqttClient publisher(String password) throws MqttException {
        MqttClient c = new MqttClient("tcp://127.0.0.1:" + port, "test-publisher", new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setUserName(GCID);
        o.setPassword(password.toCharArray());
        c.connect(o);
        return c;
    }

    @Test
    void streamUpdatesReachTheSnapshotWithoutAnotherRestCall() throws Exception {
        stub.standard();
        Path tokens = BmwStub.tokenFile(dir, Instant.now().plus(Duration.ofMinutes(50)), Map.of());
        BmwConfig config = new BmwConfig(stub.server.baseUri(), stub.server.baseUri(), tokens, null,
                List.of(BmwStub.VIN), 50, true, URI.create("tcp://127.0.0.1:" + port));
        BmwMqttStream[] started = new BmwMqttStream[1];
        BmwStream.Factory factory = (c, t, store) -> {
            started[0] = new BmwMqttStream(c.streamUri(), t, store, Clock.systemUTC());
            started[0].start();
            return started[0];
        };
        try (BmwFetcher fetcher = new BmwFetcher(config, new RecordingSelfMetrics(), Clock.systemUTC(), factory)) {
            Vehicle first = fetcher.refresh().vehicles().get(0);
            assertThat(first.get(Signal.BATTERY_LEVEL)).hasValue(58);
            int restCalls = stub.apiRequests().size();
            await("stream connected with GCID and ID token", started[0]::connected);

            MqttClient pub = publisher(BmwStub.ID_TOKEN);
            String message = """
                    {"vin": "%s", "entityId": "%s", "topic": "%s", "timestamp": "2025-06-14T18:55:03.442Z",
                     "data": {
                       "vehicle.drivetrain.batteryManagement.header": {"timestamp": "2025-06-14T18:55:01.000Z", "value": 61, "unit": "%%"},
                       "vehicle.powertrain.electric.battery.charging.power": {"timestamp": "2025-06-14T18:55:01.000Z", "value": 10910, "unit": "W"},
                       "vehicle.drivetrain.electricEngine.charging.acVoltage": {"timestamp": "2025-06-14T18:55:01.000Z", "value": 231.5, "unit": "V"}
                     }}""".formatted(BmwStub.VIN, GCID, BmwStub.VIN);
            pub.publish(GCID + "/" + BmwStub.VIN, message.getBytes(StandardCharsets.UTF_8), 1, false);
            pub.disconnect();
            pub.close();
            await("message received", () -> started[0].messages() >= 1);

            EVMetricData next = fetcher.refresh();
            Vehicle v = next.vehicles().get(0);
            assertThat(v.get(Signal.BATTERY_LEVEL)).hasValue(61);
            assertThat(v.get(Signal.CHARGING_POWER)).hasValue(10.91);
            assertThat(v.get(Signal.CHARGING_VOLTAGE)).hasValue(231.5);
            assertThat(v.get(Signal.ODOMETER)).as("REST values stay").hasValue(18432);
            assertThat(stub.apiRequests()).as("the stream costs no REST call").hasSize(restCalls);
            assertThat(fetcher.nextInterval(next, PollingPolicy.DEFAULT)).isLessThanOrEqualTo(BmwFetcher.STREAM_TICK);
        }
    }

    @Test
    void theBrokerRefusesAnythingButTheIdToken() {
        assertThatThrownBy(() -> publisher(BmwStub.ACCESS)).isInstanceOf(MqttException.class);
    }
}
