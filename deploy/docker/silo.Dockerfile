# The silo. Build from the repository root:  docker build -f deploy/docker/silo.Dockerfile -t mailgrains-silo .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish silo/MailGrains.Silo/MailGrains.Silo.csproj -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/runtime:10.0 AS runtime
WORKDIR /app
COPY --from=build /app .
# Silo-to-silo and client (gateway) ports; see MailGrains:Cluster:SiloPort / GatewayPort.
EXPOSE 11111 30000
ENV MailGrains__Cluster__ListenOnAnyAddress=true
# The images' non-root "app" user by number ($APP_UID), so Kubernetes can check runAsNonRoot; the manifests
# run it as 1654 too. The process writes nothing outside /tmp, so the root filesystem can be read-only.
USER 1654:1654
ENTRYPOINT ["dotnet", "MailGrains.Silo.dll"]
