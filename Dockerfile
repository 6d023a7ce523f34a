# syntax=docker/dockerfile:1
# Build stage: compiles and packages the self-contained jar.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src ./src
RUN mvn -B -q -DskipTests package

# Run stage: a small JRE image, no build tools, a non-root user.
FROM eclipse-temurin:17-jre-alpine
RUN addgroup -S evobserver && adduser -S -G evobserver -h /home/evobserver evobserver \
    && mkdir -p /home/evobserver/.config/ev-observer && chown -R evobserver:evobserver /home/evobserver
COPY --from=build /src/target/ev-observer.jar /app/ev-observer.jar
USER evobserver
WORKDIR /home/evobserver
# Token files live here; mount a volume to keep them across restarts.
VOLUME ["/home/evobserver/.config/ev-observer"]
# Prometheus scrape port, used when `prometheus` is one of the exporters.
EXPOSE 9464
# Small-footprint JVM settings: serial GC (one poller needs no parallel collector), heap capped
# relative to the container limit, small thread stacks.
ENV JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -XX:MaxRAMPercentage=50 -Xss512k"
ENTRYPOINT ["java", "-jar", "/app/ev-observer.jar"]
CMD ["run", "--vehicle", "demo"]
