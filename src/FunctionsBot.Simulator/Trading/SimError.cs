namespace FunctionsBot.Simulator.Trading;

/// <summary>A Binance error reply: HTTP status and the <c>{"code","msg"}</c> body.</summary>
internal sealed class SimError(int status, int code, string message) : Exception(message)
{
    public int Status { get; } = status;

    public int Code { get; } = code;

    public static SimError BadRequest(int code, string message) => new(400, code, message);
}
