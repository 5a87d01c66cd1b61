namespace FunctionsBot.Simulator.Market;

/// <summary>
/// How deep one symbol's book is: <see cref="Levels"/> price levels per side, <see cref="Spacing"/> apart (a fraction
/// of the price), each holding about <see cref="LevelQuote"/> of quote (between half and one and a half times that,
/// varying with market time), and the share of market seconds in which a side is empty.
/// </summary>
internal sealed record Liquidity(int Levels, decimal Spacing, decimal LevelQuote, double EmptyBookPercent)
{
    public IEnumerable<string> Problems()
    {
        if (Levels is < 0 or > 1000)
        {
            yield return $"levels = {Levels}: must be between 0 and 1000.";
        }

        if (Spacing is < 0 or > 0.1m)
        {
            yield return $"spacing = {Spacing}: must be between 0 and 0.1 (a fraction of the price).";
        }

        if (LevelQuote <= 0)
        {
            yield return $"levelQuote = {LevelQuote}: must be positive.";
        }

        if (EmptyBookPercent is < 0 or > 100)
        {
            yield return $"emptyBookPercent = {EmptyBookPercent}: must be between 0 and 100.";
        }
    }
}
