#!/usr/bin/env bash
# Runs the daemon, web, alert, responder, CLI and fleet tests with their stores on PostgreSQL (LW_TEST_STORE=postgres:
# each test's data directory gets a fresh database of the throwaway cluster, Support/PostgresServer). The store
# contract tests run on both stores in the default suite (scripts/test.sh); this pass is separate to keep that
# suite's time. Expects scripts/test.sh to have installed the packages and built the solution (Release).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 LW_TEST_STORE=postgres
filter="FullyQualifiedName~LogWarden.Tests.Web|FullyQualifiedName~LogWarden.Tests.Alert|FullyQualifiedName~LogWarden.Tests.Respond"
filter+="|FullyQualifiedName~LogWarden.Tests.Daemon|FullyQualifiedName~LogWarden.Tests.Cli|FullyQualifiedName~LogWarden.Tests.Ship"
filter+="|FullyQualifiedName~LogWarden.Tests.Store|FullyQualifiedName~LogWarden.Tests.Report|FullyQualifiedName~LogWarden.Tests.Explain"
dotnet test tests/LogWarden.Tests/LogWarden.Tests.csproj -c Release --no-build --filter "$filter" "$@"
