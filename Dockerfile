# Multi-stage build: compile with the Rust toolchain, run on a slim Debian with CA certificates.
FROM rust:1-slim-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY src ./src
COPY benches ./benches
RUN cargo build --release --locked --bin tandem

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin tandem \
 && mkdir -p /data \
 && chown tandem /data
COPY --from=build /src/target/release/tandem /usr/local/bin/tandem
COPY config /etc/tandem
ENV TANDEM_CONFIG=/etc/tandem/tandem.toml \
    TANDEM_DATA_DIR=/data \
    TANDEM_LISTEN=0.0.0.0:3000 \
    RUST_LOG=info
USER tandem
WORKDIR /data
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
  CMD curl -fsS http://127.0.0.1:3000/healthz || exit 1
ENTRYPOINT ["tandem"]
CMD ["serve"]
