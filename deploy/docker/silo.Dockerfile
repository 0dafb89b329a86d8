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
USER $APP_UID
ENTRYPOINT ["dotnet", "MailGrains.Silo.dll"]
