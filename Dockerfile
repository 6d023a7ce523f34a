# syntax=docker/dockerfile:1
# Build stage: compiles and packages the self-contained jar.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src ./src
# (no release tarball here: the image copies the jar and the launcher itself)
RUN mvn -B -q -DskipTests -Dassembly.skipAssembly=true package

# Run stage: a small JRE image, no build tools, a non-root user.
FROM eclipse-temurin:17-jre-alpine
RUN addgroup -S evobserver && adduser -S -G evobserver -h /home/evobserver evobserver \
    && mkdir -p /home/evobserver/.config/ev-observer && chown -R evobserver:evobserver /home/evobserver
COPY --from=build /src/target/ev-observer.jar /app/ev-observer.jar
COPY bin/ev-observer /app/bin/ev-observer
# Class-data-sharing archive of the classes a run loads, written by this image's own JVM (an
# archive only works with the JVM that made it): faster start-up, less private memory. JDK 17
# has no -XX:+AutoCreateSharedArchive (19+), so the archive is dumped here, once, by a training
# run (one demo refresh, one export attempt to a closed port). See the README (Performance and scale).
RUN EV_OBSERVER_JAR=/app/ev-observer.jar /app/bin/ev-observer --dump-cds /app/ev-observer.jsa
USER evobserver
WORKDIR /home/evobserver
# Token files live here; mount a volume to keep them across restarts.
VOLUME ["/home/evobserver/.config/ev-observer"]
# Prometheus scrape port, used when `prometheus` is one of the exporters.
EXPOSE 9464
# /healthz (alive) and /readyz (a source refreshed, exports delivered) of `run`, on every
# interface of the container (orchestrators probe it from outside; nothing publishes it by default).
ENV EV_OBSERVER_HEALTH_PORT=9465 EV_OBSERVER_HEALTH_HOST=0.0.0.0
EXPOSE 9465
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD wget -q -O /dev/null http://127.0.0.1:9465/readyz || exit 1
# Small-footprint JVM settings for a household (one to a few vehicles), the same as bin/ev-observer:
# serial GC, C1 only, 48 MB heap, small stacks and code cache, the CDS archive above. Measured in
# the README (Performance and scale). For fleets, override, e.g. JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -Xmx512m"
# for 10,000 vehicles (with OTEL_EXPORTER_OTLP_COMPRESSION=gzip, or the request body alone needs 100 MB).
ENV JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx48m -Xss512k -XX:ReservedCodeCacheSize=16m -XX:MaxMetaspaceSize=64m -XX:+ExitOnOutOfMemoryError -XX:SharedArchiveFile=/app/ev-observer.jsa -Xshare:auto"
ENTRYPOINT ["java", "-jar", "/app/ev-observer.jar"]
CMD ["run", "--vehicle", "demo"]
