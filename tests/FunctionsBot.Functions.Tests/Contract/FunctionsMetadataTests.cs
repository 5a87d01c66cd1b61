using System.Text.Json.Nodes;
using FunctionsBot.Testing;

namespace FunctionsBot.Functions.Tests.Contract;

/// <summary>
/// The host contract, read from the built <c>functions.metadata</c> that the Functions host
/// indexes: names, triggers, schedules, routes, methods and auth levels.
/// </summary>
public sealed class FunctionsMetadataTests
{
    private static readonly JsonArray Metadata = Load();

    [Fact]
    public void Metadata_HoldsExactlyTheBotsFunctions()
    {
        Assert.Equal(["Audit", "Dashboard", "DashboardAsset", "Equity", "Health", "HealthVerbose", "KillSwitch", "Locks", "Pnl", "Positions", "Reconcile", "ReconcileApprove", "ReconcileNow", "ReconcileReject", "ReconcileStatus", "ReleaseLock", "TradeCycle"], Metadata.Select(f => (string)f!["name"]!).Order(StringComparer.Ordinal));
        Assert.All(Metadata, f => Assert.Equal("FunctionsBot.Functions.dll", (string)f!["scriptFile"]!));
    }

    [Fact]
    public void TradeCycle_IsATimerOnTheScheduleSetting()
    {
        var trigger = Trigger("TradeCycle");

        Assert.Equal("timerTrigger", (string)trigger["type"]!);
        Assert.Equal("%TradeCycle:Schedule%", (string)trigger["schedule"]!);
    }

    [Fact]
    public void Reconcile_IsATimerOnItsScheduleSetting_WhichResolvesToDailyAtMidnightUtc()
    {
        var trigger = Trigger("Reconcile");

        Assert.Equal("timerTrigger", (string)trigger["type"]!);
        Assert.Equal("%Reconcile:Schedule%", (string)trigger["schedule"]!);
        var schedule = FunctionsBot.Core.Cycle.CycleSchedule.Parse(new FunctionsBot.Core.Reconciliation.ReconcileOptions().Schedule);
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 0, 0, 0, TimeSpan.Zero), schedule.Next(new DateTimeOffset(2026, 12, 2, 9, 30, 0, TimeSpan.Zero)));
        Assert.Equal(TimeSpan.FromDays(1), schedule.LongestInterval(new DateTimeOffset(2026, 12, 2, 9, 30, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Health_IsAnonymousGetOnHealth()
    {
        var trigger = Trigger("Health");

        Assert.Equal("httpTrigger", (string)trigger["type"]!);
        Assert.Equal("health", (string)trigger["route"]!);
        Assert.Equal(["get"], trigger["methods"]!.AsArray().Select(m => (string)m!));
        Assert.Equal("Anonymous", (string)trigger["authLevel"]!);
    }

    [Fact]
    public void KillSwitch_IsFunctionLevelGetAndPostOnKillswitch()
    {
        var trigger = Trigger("KillSwitch");

        Assert.Equal("httpTrigger", (string)trigger["type"]!);
        Assert.Equal("killswitch", (string)trigger["route"]!);
        Assert.Equal(["get", "post"], trigger["methods"]!.AsArray().Select(m => (string)m!).Order(StringComparer.Ordinal));
        Assert.Equal("Function", (string)trigger["authLevel"]!);
    }

    [Theory]
    [InlineData("HealthVerbose", "health/verbose", "get")]
    [InlineData("Positions", "positions", "get")]
    [InlineData("Pnl", "pnl", "get")]
    [InlineData("Locks", "locks", "get")]
    [InlineData("ReleaseLock", "locks/{id}", "delete")]
    [InlineData("Audit", "audit", "get")]
    [InlineData("Equity", "equity", "get")]
    [InlineData("ReconcileNow", "reconcile", "post")]
    [InlineData("ReconcileStatus", "reconcile", "get")]
    [InlineData("ReconcileApprove", "reconcile/{id}/approve", "post")]
    [InlineData("ReconcileReject", "reconcile/{id}/reject", "post")]
    public void ReadApis_AreFunctionLevelHttpTriggers(string function, string route, string method)
    {
        var trigger = Trigger(function);

        Assert.Equal(("httpTrigger", route, "Function"), ((string)trigger["type"]!, (string)trigger["route"]!, (string)trigger["authLevel"]!));
        Assert.Equal([method], trigger["methods"]!.AsArray().Select(m => (string)m!));
    }

    [Fact]
    public void BuildOutput_HasWhatTheHostReads()
    {
        var output = RepoPaths.Output("FunctionsBot.Functions");

        Assert.True(File.Exists(Path.Combine(output, "worker.config.json")));
        Assert.True(File.Exists(Path.Combine(output, "extensions.json")));
        var host = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "host.json")))!;
        Assert.Equal("2.0", (string)host["version"]!);

        // As docs/cost.md counts it: warnings and errors only, plus one request row per invocation (the failed-requests rule reads them).
        var levels = host["logging"]!["logLevel"]!;
        Assert.Equal(("Warning", "Warning", "Information"), ((string)levels["default"]!, (string)levels["Function"]!, (string)levels["Host.Results"]!));
    }

    private static JsonObject Trigger(string function) =>
        Metadata.Single(f => (string)f!["name"]! == function)!["bindings"]!.AsArray()
            .Single(b => ((string)b!["type"]!).EndsWith("Trigger", StringComparison.Ordinal))!.AsObject();

    [Theory]
    [InlineData("Dashboard", "dashboard")]
    [InlineData("DashboardAsset", "dashboard/{asset}")]
    public void TheDashboardsPageAndFiles_AreAnonymousGets(string function, string route)
    {
        var trigger = Trigger(function);

        Assert.Equal(("httpTrigger", route, "Anonymous"), ((string)trigger["type"]!, (string)trigger["route"]!, (string)trigger["authLevel"]!));
        Assert.Equal(["get"], trigger["methods"]!.AsArray().Select(m => (string)m!));
    }

    private static JsonArray Load()
    {
        var path = Path.Combine(RepoPaths.Output("FunctionsBot.Functions"), "functions.metadata");
        return JsonNode.Parse(File.ReadAllText(path))!.AsArray();
    }
}
