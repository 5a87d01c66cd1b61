using FunctionsBot.Core.Exchange;

namespace FunctionsBot.Binance.Http;

/// <summary>
/// A failed Binance call: the HTTP status (0 when no response arrived), Binance's <c>code</c> and
/// <c>msg</c> when it sent them, and whether the request may have executed. The message never holds
/// a key, a signature or a signed query string.
/// </summary>
public sealed class BinanceApiException : Exception
{
    public BinanceApiException()
    {
    }

    public BinanceApiException(string message)
        : base(message)
    {
    }

    public BinanceApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public BinanceApiException(string endpoint, int httpStatus, int? code, string? binanceMessage, ExecutionStatus execution, TimeSpan? retryAfter = null, Exception? inner = null)
        : base(Describe(endpoint, httpStatus, code, binanceMessage, execution), inner)
    {
        Endpoint = endpoint;
        HttpStatus = httpStatus;
        Code = code;
        BinanceMessage = binanceMessage;
        Execution = execution;
        RetryAfter = retryAfter;
    }

    /// <summary>Method and path, e.g. <c>POST /api/v3/order</c>; never the query string.</summary>
    public string Endpoint { get; } = string.Empty;

    public int HttpStatus { get; }

    public int? Code { get; }

    public string? BinanceMessage { get; }

    public ExecutionStatus Execution { get; }

    /// <summary>How long the exchange asked us to stop calling (429/418).</summary>
    public TimeSpan? RetryAfter { get; }

    public bool IsRateLimited => HttpStatus is 429 or 418;

    /// <summary>Not sent: an earlier 429/418 asked us to back off and <see cref="RetryAfter"/> is what remains.</summary>
    public bool IsBackingOff => HttpStatus == 0 && RetryAfter is not null;

    /// <summary>
    /// The exchange refused the key pair itself, not the request: the key is unknown or garbled (-2014, -2015, -2008),
    /// the secret signs wrongly (-1022), or the key's IP allow-list or permissions exclude this call (-2015, HTTP 401).
    /// Every signed call fails alike until a person fixes the key.
    /// </summary>
    public bool IsKeyRefused => Code is -2014 or -2015 or -2008 or -1022 || HttpStatus == 401;

    public bool IsOrderNotFound => Code == -2013;

    /// <summary>-2011: a cancel of an order or order list that is not open (it filled, ended, or never existed).</summary>
    public bool IsCancelRejected => Code == -2011;

    /// <summary>-1021: the request's timestamp is outside the exchange's receive window.</summary>
    public bool IsTimestampRejected => Code == -1021;

    private static string Describe(string endpoint, int status, int? code, string? message, ExecutionStatus execution) =>
        $"{endpoint} failed: HTTP {(status == 0 ? "(no response)" : status.ToString(System.Globalization.CultureInfo.InvariantCulture))}"
        + (code is null ? string.Empty : $", code {code}")
        + (message is null ? string.Empty : $" \"{message}\"")
        + $"; execution {execution}.";
}
