namespace FunctionsBot.Core.Filters;

/// <summary>Why an order cannot be shaped to pass the exchange: the filter and a message with the numbers.</summary>
public sealed record OrderRejection(string Filter, string Message)
{
    public override string ToString() => $"{Filter}: {Message}";
}
