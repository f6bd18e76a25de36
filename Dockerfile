# syntax=docker/dockerfile:1
#
# PoaPlatform server image: ASP.NET Core host + co-hosted Orleans silo, with the `poa` CLI
# alongside it (/app/cli/poa.dll) so the Kubernetes migrate Job can reuse the same image:
#   dotnet /app/cli/poa.dll db migrate --connection "$ConnectionStrings__Poa"
#
# Build from the repository root:  docker build -t poa-server:dev .

# ---------------------------------------------------------------------------
# 1. Front-end (web/) -> src/PoaPlatform.Server/wwwroot/dist
# ---------------------------------------------------------------------------
FROM node:20 AS web
# The repository layout is mirrored under /src so that a build tool configured with
# outDir ../src/PoaPlatform.Server/wwwroot/dist writes to the right place; a build that
# emits web/dist instead is copied there.
WORKDIR /src/web
COPY web/package.json web/package-lock.json ./
RUN npm ci
COPY web/ ./
RUN npm run build \
 && if [ ! -d /src/src/PoaPlatform.Server/wwwroot/dist ]; then \
      mkdir -p /src/src/PoaPlatform.Server/wwwroot \
      && cp -R dist /src/src/PoaPlatform.Server/wwwroot/dist; \
    fi

# ---------------------------------------------------------------------------
# 2. .NET build: server -> /app, CLI -> /app/cli
# ---------------------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/ src/
COPY --from=web /src/src/PoaPlatform.Server/wwwroot/dist/ src/PoaPlatform.Server/wwwroot/dist/
RUN dotnet restore src/PoaPlatform.Server/PoaPlatform.Server.csproj \
 && dotnet restore src/PoaPlatform.Cli/PoaPlatform.Cli.csproj
RUN dotnet publish src/PoaPlatform.Server -c Release -o /app --no-restore -p:UseAppHost=false \
 && dotnet publish src/PoaPlatform.Cli -c Release -o /app/cli --no-restore -p:UseAppHost=false

# ---------------------------------------------------------------------------
# 3. Runtime
# ---------------------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
# Files stay owned by root: the app user can read but not modify them.
COPY --from=build /app ./
ENV ASPNETCORE_URLS=http://+:8080
# 8080 HTTP (GraphQL, health, metrics), 11111 Orleans silo-to-silo, 30000 Orleans client gateway.
EXPOSE 8080 11111 30000
# The image's non-root `app` user (UID 1654); numeric so Kubernetes can verify runAsNonRoot.
USER $APP_UID
ENTRYPOINT ["dotnet", "PoaPlatform.Server.dll"]
