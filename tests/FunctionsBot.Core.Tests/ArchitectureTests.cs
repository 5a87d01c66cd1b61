using FunctionsBot.Core.Ledger;

namespace FunctionsBot.Core.Tests;

public sealed class ArchitectureTests
{
    [Theory]
    [InlineData("Azure")]
    [InlineData("Microsoft.AspNetCore")]
    [InlineData("Microsoft.Azure")]
    [InlineData("System.Net.Http")]
    [InlineData("Microsoft.Extensions.Hosting")]
    [InlineData("Microsoft.Extensions.Http")]
    public void CoreAssembly_ReferencesNoAzureHttpOrHostingAssembly(string forbiddenPrefix)
    {
        var references = typeof(ILedgerStore).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.NotEmpty(references);
        Assert.DoesNotContain(references, name => name == forbiddenPrefix || name.StartsWith(forbiddenPrefix + ".", StringComparison.Ordinal));
    }
}
