using FunctionsBot.DevHost.Invocation;
using FunctionsBot.DevHost.Metadata;
using FunctionsBot.Testing;
using Microsoft.Extensions.Configuration;

namespace FunctionsBot.DevHost.Tests;

public sealed class FunctionCatalogTests
{
    private static readonly FunctionCatalog Catalog = FunctionCatalog.Load(RepoPaths.Output("FunctionsBot.DevHost"));

    [Fact]
    public void Load_FunctionsBuildOutput_ResolvesEveryEntryPointToItsMethod()
    {
        Assert.Equal(["Audit", "Dashboard", "DashboardAsset", "Equity", "Health", "HealthVerbose", "KillSwitch", "Locks", "Pnl", "Positions", "Reconcile", "ReconcileApprove", "ReconcileNow", "ReconcileReject", "ReconcileStatus", "ReleaseLock", "TradeCycle"], Catalog.Functions.Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.All(Catalog.Functions, f => Assert.Equal(f.Definition.EntryPoint, $"{f.Type.FullName}.{f.Method.Name}"));
    }

    [Fact]
    public void Load_FolderWithoutMetadata_SaysWhatToBuild()
    {
        var ex = Assert.Throws<FileNotFoundException>(() => FunctionCatalog.Load(Path.GetTempPath()));

        Assert.Contains("build src/FunctionsBot.Functions", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResolveSchedule_SettingPresent_ReplacesTheExpression()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["TradeCycle:Schedule"] = "*/2 * * * * *" }).Build();

        Assert.Equal("*/2 * * * * *", TimerTriggerService.ResolveSchedule(TradeCycle, configuration));
    }

    [Fact]
    public void ResolveSchedule_SettingMissing_NamesTheEnvironmentVariable()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => TimerTriggerService.ResolveSchedule(TradeCycle, new ConfigurationBuilder().Build()));

        Assert.Contains("set TradeCycle__Schedule", ex.Message, StringComparison.Ordinal);
    }

    private static HostedFunction TradeCycle => Catalog.Functions.Single(f => f.Name == "TradeCycle");
}
