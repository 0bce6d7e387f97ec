# syntax=docker/dockerfile:1

# Build: package the jar, then split it into Spring Boot's layers: the libraries as jars in lib/ and
# the application as codex-lb.jar, whose manifest names them (an AOT cache needs jars, not folders).
FROM eclipse-temurin:25-jdk AS build
WORKDIR /build
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY src src
# the cache mount keeps ~/.m2 between builds; it never ends up in the image
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -DskipTests package \
    && java -Djarmode=tools -jar target/codex-lb-*.jar extract --layers --destination extracted --application-filename codex-lb.jar

# Runtime: a JRE, a non-root user, the layers from least to most often changed.
FROM eclipse-temurin:25-jre
# the JRE image has no HTTP client for the health check
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 codexlb \
    && useradd --system --uid 10001 --gid codexlb --home-dir /app --no-create-home --shell /usr/sbin/nologin codexlb
WORKDIR /app
COPY --from=build /build/extracted/dependencies/ ./
COPY --from=build /build/extracted/spring-boot-loader/ ./
COPY --from=build /build/extracted/snapshot-dependencies/ ./
COPY --from=build /build/extracted/application/ ./
# JDK 25's AOT cache: a training start (up to the refreshed context, then exit) records the classes
# loaded and linked, so that every start after it skips that work. The training run's data directory
# (its database, admin key and encryption key) is thrown away in the same step: none of it is in the image.
RUN java -XX:+UseSerialGC -XX:AOTCacheOutput=/app/codex-lb.aot -Dspring.context.exit=onRefresh -jar /app/codex-lb.jar \
        --codex-lb.data-dir=/tmp/aot-training --server.port=0 --management.server.port=0 \
    && rm -rf /tmp/aot-training
# the H2 database and the generated admin key live here; owner-only
RUN mkdir -p /app/data && chown codexlb:codexlb /app/data && chmod 700 /app/data
VOLUME /app/data
ENV CODEX_LB_DATA_DIR=/app/data
USER codexlb
# 2455: client API; 2456: actuator (keep it off the load balancer)
EXPOSE 2455 2456
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
    CMD curl -fsS -o /dev/null http://127.0.0.1:2456/actuator/health/readiness || exit 1
# The serial collector: the live data is a few tens of MB, and it needs no concurrent GC threads or
# remembered sets (RSS after load 335 MB against G1's 408 MB, same CPU per request; see docs/performance.md).
# A JVM that cannot use the AOT cache (other options, other JVM) warns and starts without it.
ENTRYPOINT ["java", "-XX:+UseSerialGC", "-XX:AOTCache=/app/codex-lb.aot", "-jar", "/app/codex-lb.jar"]
