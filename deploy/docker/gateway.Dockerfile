# The HTTP gateway. Build from the repository root:  docker build -f deploy/docker/gateway.Dockerfile -t mailgrains-gateway .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/MailGrains.Gateway/MailGrains.Gateway.csproj -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app .
EXPOSE 8080
ENV ASPNETCORE_URLS=http://+:8080
# The images' non-root "app" user by number ($APP_UID), so Kubernetes can check runAsNonRoot; the manifests
# run it as 1654 too. The process writes nothing outside /tmp, so the root filesystem can be read-only.
USER 1654:1654
ENTRYPOINT ["dotnet", "MailGrains.Gateway.dll"]
