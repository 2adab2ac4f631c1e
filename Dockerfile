# LogWarden in a container: the NativeAOT binary on Debian slim (no .NET runtime in the image).
#   docker build -t logwarden .
#   docker compose -f dist/compose.yaml up -d        (reads the host's logs read-only; see that file)
# Stage 1 builds with the .NET SDK image plus clang/zlib (NativeAOT links natively); stage 2 is the
# binary, CA certificates (notifiers, LLM over HTTPS), libssl, and journalctl (from systemd: the journal
# source runs it). dist/compose.yaml runs it on the host's network with read-only views of the host's logs.
FROM mcr.microsoft.com/dotnet/sdk:10.0-bookworm-slim AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends clang zlib1g-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/LogWarden/LogWarden.csproj src/LogWarden/
RUN dotnet restore src/LogWarden -r linux-x64 -p:PublishAot=true
COPY dist/ dist/
COPY src/ src/
RUN dotnet publish src/LogWarden -c Release -r linux-x64 --no-restore -o /out \
 && rm -f /out/*.dbg

FROM debian:bookworm-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ca-certificates libssl3 systemd \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --user-group --home-dir /var/lib/logwarden --shell /usr/sbin/nologin logwarden \
 && install -d -o logwarden -g logwarden -m 0750 /var/lib/logwarden \
 && install -d -m 0755 /etc/logwarden/rules.d
COPY --from=build /out/logwarden /usr/bin/logwarden
COPY dist/logwarden.yaml /etc/logwarden/logwarden.yaml
VOLUME /var/lib/logwarden
EXPOSE 9740
USER logwarden
ENTRYPOINT ["/usr/bin/logwarden"]
CMD ["run", "--config", "/etc/logwarden/logwarden.yaml", "--data", "/var/lib/logwarden"]
