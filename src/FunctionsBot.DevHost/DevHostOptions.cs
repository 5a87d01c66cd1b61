namespace FunctionsBot.DevHost;

/// <summary>Section <c>DevHost</c>.</summary>
internal sealed class DevHostOptions
{
    /// <summary>
    /// <c>DevHost__FunctionKey</c>: when set, function-level routes need it in <c>x-functions-key</c> or
    /// <c>?code=</c>. Unset (default), they are open, as under <c>func start</c>.
    /// </summary>
    public string? FunctionKey { get; set; }
}
