namespace FunctionsBot.Core.Strategy.Indicators;

internal static class Indicator
{
    public static InvalidOperationException NotReady(string name, int needed) =>
        new($"{name} has no value yet: it needs {needed} values first (a strategy's warm-up covers it).");
}
