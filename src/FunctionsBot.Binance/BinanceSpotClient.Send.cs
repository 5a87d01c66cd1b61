using System.Globalization;
using FunctionsBot.Binance.Configuration;
using FunctionsBot.Binance.Http;
using FunctionsBot.Binance.Signing;
using FunctionsBot.Core.Exchange;
using Polly.Timeout;

namespace FunctionsBot.Binance;

public sealed partial class BinanceSpotClient
{
    private async Task<T> SendAsync<T>(
        HttpMethod method,
        string path,
        IReadOnlyList<KeyValuePair<string, string>> parameters,
        bool signed,
        Func<JsonFields, T> parse,
        CancellationToken cancellationToken)
    {
        var endpoint = $"{method.Method} /{path}";
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var result = await SendOnceAsync(method, path, endpoint, parameters, signed, parse, cancellationToken).ConfigureAwait(false);
                if (signed)
                {
                    _keysRefused = null;
                }

                return result;
            }
            catch (Exception ex) when (ex is BinanceApiException or BinanceResponseException)
            {
                _lastFailure = new(ex.Message, _time.GetUtcNow());
                if (signed && ex is BinanceApiException { IsKeyRefused: true })
                {
                    _keysRefused = _lastFailure;
                }

                if (ex is not BinanceApiException { IsTimestampRejected: true } || !signed || attempt > 1)
                {
                    throw;
                }

                // -1021 is rejected before the matching engine: nothing executed, so re-syncing and
                // re-signing once is safe even for an order.
                LogTimestampRejected(endpoint);
                _clock.Invalidate();
            }
        }
    }

    private async Task<T> SendOnceAsync<T>(
        HttpMethod method,
        string path,
        string endpoint,
        IReadOnlyList<KeyValuePair<string, string>> parameters,
        bool signed,
        Func<JsonFields, T> parse,
        CancellationToken cancellationToken)
    {
        if (_gate.BlockedUntil is { } until)
        {
            throw new BinanceApiException(endpoint, 0, null, $"not sent: the exchange asked to back off until {until:O}", ExecutionStatus.Rejected, until - _time.GetUtcNow());
        }

        var mutates = method != HttpMethod.Get;
        if (!mutates)
        {
            await PaceAsync(endpoint, RequestWeight(path, parameters), cancellationToken).ConfigureAwait(false);
        }

        var query = BinanceSigner.Encode(parameters);
        using var request = new HttpRequestMessage(method, query.Length == 0 ? path : $"{path}?{query}");
        if (signed)
        {
            if (_clock.NeedsSync)
            {
                await GetServerTimeAsync(cancellationToken).ConfigureAwait(false);
            }

            ExchangeCredentials credentials;
            BinanceSigner signer;
            var options = _options.CurrentValue;
            try
            {
                credentials = await _credentials.GetAsync(cancellationToken).ConfigureAwait(false);
                signer = SignerFor(credentials, options.KeyType);
            }
            catch (CredentialsUnavailableException ex)
            {
                throw new BinanceApiException(endpoint, 0, null, $"not sent: {ex.Message}", ExecutionStatus.Rejected, inner: ex);
            }

            var signedQuery = (query.Length == 0 ? string.Empty : query + "&")
                + $"recvWindow={options.RecvWindowMs.ToString(CultureInfo.InvariantCulture)}&timestamp={_clock.TimestampMs().ToString(CultureInfo.InvariantCulture)}";
            var signature = signer.Sign(signedQuery);
            request.RequestUri = new Uri($"{path}?{signedQuery}&signature={signature}", UriKind.Relative);
            request.Headers.TryAddWithoutValidation("X-MBX-APIKEY", credentials.ApiKey);
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // The request may have reached the exchange: for an order the outcome is unknown.
            LogTransportFailure(endpoint, ex.GetType().Name);
            throw new BinanceApiException(endpoint, 0, null, $"no response ({ex.GetType().Name})", ExecutionStatus.Unknown, inner: ex);
        }

        using (response)
        {
            _gate.Observe(response, ServerNow);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                using var document = JsonFields.Parse(body, endpoint);
                try
                {
                    return parse(new JsonFields(document.RootElement, endpoint));
                }
                catch (Exception ex) when (ex is not BinanceResponseException and not OperationCanceledException)
                {
                    // Any other surprise in a reply (a number out of range, a shape no parser expected) is a reply
                    // the exchange does not document: typed, never an unhandled exception in the cycle.
                    throw new BinanceResponseException($"{endpoint}: unexpected reply ({ex.GetType().Name}: {ex.Message}).", ex);
                }
            }

            throw Failure(endpoint, response, body, mutates);
        }
    }

    private DateTimeOffset ServerNow => _time.GetUtcNow() + _clock.Offset;

    /// <summary>
    /// The signer of these credentials, made once per key pair read (a rotated secret is a new pair). A secret that cannot
    /// sign as <paramref name="type"/> is refused like an unreadable one: nothing is sent, and the reason names no key.
    /// </summary>
    private BinanceSigner SignerFor(ExchangeCredentials credentials, BinanceKeyType type)
    {
        if (_signer is { } cached && ReferenceEquals(cached.Credentials, credentials) && cached.Type == type)
        {
            return cached.Signer;
        }

        try
        {
            var signer = BinanceSigner.For(credentials.ApiSecret, type);
            _signer = (credentials, type, signer);
            return signer;
        }
        catch (InvalidSigningKeyException ex)
        {
            throw new CredentialsUnavailableException($"the API secret cannot sign requests (Binance__KeyType = '{type}'): {ex.Message}.", ex);
        }
    }

    /// <summary>
    /// Waits, when the minute's weight would pass <c>Binance__WeightBudgetPerMinute</c>, for the next minute: a long read
    /// (a 30-day reconciliation) pages at the budget's pace instead of meeting a 429 and then a ban. Orders and cancels
    /// never wait: they cost 1 (0 when they succeed) and the budget leaves the rest of the exchange's limit for them.
    /// </summary>
    private async Task PaceAsync(string endpoint, int weight, CancellationToken cancellationToken)
    {
        var budget = _options.CurrentValue.WeightBudgetPerMinute;
        for (var wait = _gate.Reserve(weight, budget, ServerNow); wait > TimeSpan.Zero; wait = _gate.Reserve(weight, budget, ServerNow))
        {
            LogPacing(endpoint, budget, wait.TotalSeconds);
            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A read's request weight as Binance documents it (writes are paced by nobody: see <see cref="PaceAsync"/>).</summary>
    internal static int RequestWeight(string path, IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        bool Has(string name) => parameters.Any(p => p.Key == name);
        return path switch
        {
            "api/v3/ping" or "api/v3/time" => 1,
            "api/v3/klines" or "api/v3/avgPrice" => 2,
            "api/v3/ticker/price" or "api/v3/ticker/bookTicker" => Has("symbol") ? 2 : 4,
            "api/v3/order" or "api/v3/orderList" => 4,
            "api/v3/openOrderList" => 6,
            "api/v3/openOrders" => Has("symbol") ? 6 : 80,
            "api/v3/myTrades" => Has("orderId") ? 5 : 20,
            _ => 20, // exchangeInfo, account, allOrders; an endpoint not listed here is counted as the dear ones are
        };
    }

    private BinanceApiException Failure(string endpoint, HttpResponseMessage response, string body, bool mutates)
    {
        var status = (int)response.StatusCode;
        var (code, message) = ReadError(body);
        var retryAfter = response.Headers.RetryAfter?.Delta
            ?? (response.Headers.RetryAfter?.Date is { } date ? date - _time.GetUtcNow() : null);
        if (status is 429 or 418)
        {
            var wait = retryAfter ?? TimeSpan.FromSeconds(status == 418 ? 120 : 60);
            _gate.Block(wait, status);
            LogBackingOff(endpoint, status, wait);
            return new BinanceApiException(endpoint, status, code, message, ExecutionStatus.Rejected, wait);
        }

        if (code is -2014 or -2015 or -2008 or -1022)
        {
            // The key (or the secret that signs with it) is not what the exchange knows: read them anew.
            _credentials.Invalidate();
        }

        var unknown = status >= 500 || code is -1006 or -1007 || (mutates && code is -1000 or -1001 or -1008);
        var execution = unknown ? ExecutionStatus.Unknown : ExecutionStatus.Rejected;
        LogFailed(endpoint, status, code, message, execution);
        return new BinanceApiException(endpoint, status, code, message, execution, retryAfter);
    }

    internal static (int? Code, string? Message) ReadError(string body)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(body);
            var root = document.RootElement;
            return root.ValueKind == System.Text.Json.JsonValueKind.Object
                && root.TryGetProperty("code", out var code) && code.TryGetInt32(out var value)
                ? (value, root.TryGetProperty("msg", out var msg) ? msg.GetString() : null)
                : (null, null);
        }
        catch (System.Text.Json.JsonException)
        {
            // 5xx bodies are often HTML from a proxy.
            return (null, null);
        }
    }
}
