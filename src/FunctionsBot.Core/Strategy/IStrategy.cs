namespace FunctionsBot.Core.Strategy;

/// <summary>
/// A trading strategy: closing prices of closed candles in, a signal out. Adding one is one class and
/// one registration (<c>services.AddSingleton&lt;IStrategy, MyStrategy&gt;()</c>), chosen by <c>Strategy__Name</c>.
/// </summary>
public interface IStrategy
{
    string Name { get; }

    /// <summary>How many closed candles <see cref="Evaluate"/> needs.</summary>
    int RequiredCandles { get; }

    /// <param name="closes">Closing prices of closed candles, oldest first.</param>
    Signal Evaluate(IReadOnlyList<decimal> closes);
}
