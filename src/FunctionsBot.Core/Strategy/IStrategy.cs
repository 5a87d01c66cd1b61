namespace FunctionsBot.Core.Strategy;

/// <summary>
/// A trading strategy: closed candles in, a decision out. It is pure: it sees one symbol's market and position and
/// returns what it wants; the cycle shapes that to the exchange's filters and judges it with the risk rules, so no size or
/// level a strategy asks for can bypass them. Adding one is a class, its options section and a registration
/// (<c>services.AddStrategy&lt;MyStrategy, MyOptions&gt;()</c>), chosen by <c>Strategy__Name</c>; see docs/strategies.md.
/// </summary>
public interface IStrategy
{
    /// <summary>What <c>Strategy__Name</c> selects it by.</summary>
    string Name { get; }

    /// <summary>How many closed candles <see cref="Decide"/> needs to give a meaningful signal (its warm-up).</summary>
    int WarmUp { get; }

    /// <summary>Decides on one symbol. Must depend on nothing but <paramref name="input"/> (the lookahead and recursive checks prove it).</summary>
    StrategyDecision Decide(StrategyInput input);
}
