using System.Globalization;
using FunctionsBot.Core.Booking;
using FunctionsBot.Core.Bot;
using FunctionsBot.Core.Ledger;
using FunctionsBot.Core.Locks;
using FunctionsBot.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Functions;

/// <summary>
/// Read APIs over the ledger (function keys): positions (open, being entered or exited, and dust; <c>?status=all</c>
/// adds closed and failed ones) with the dust summed per symbol, realized PnL per UTC day, locks and the audit trail.
/// </summary>
public sealed class ReadFunctions(ILedgerStore ledger, LockService locks, IOptions<BotOptions> bot, Caller caller, TimeProvider time)
{
    [Function("Positions")]
    public async Task<IActionResult> PositionsAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "positions")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var status = request.Query["status"].ToString();
        if (status.Length > 0 && status is not ("open" or "all"))
        {
            return Problems.BadRequest($"Query parameter 'status' must be 'open' or 'all'; got '{status}'.");
        }

        return await LedgerCallAsync(async () =>
        {
            var snapshot = await ledger.LoadAsync(bot.Value.Account, cancellationToken).ConfigureAwait(false);
            var positions = snapshot.Positions.Where(p => status == "all" || p.HoldsBase || p.IsIntent).OrderByDescending(p => p.Sequence);
            var dust = snapshot.Positions.Where(p => p.Status == PositionStatus.Dust).GroupBy(p => p.Symbol, StringComparer.Ordinal)
                .Select(g => new { symbol = g.Key, quantity = g.Sum(p => p.Quantity), writtenOff = g.Sum(p => p.DustWrittenOff), positions = g.Select(p => p.Id) });
            return new OkObjectResult(new
            {
                account = bot.Value.Account,
                positions = positions.Select(p => new
                {
                    id = p.Id, p.Sequence, p.Symbol, status = p.Status.ToString(), p.Quantity, p.EntryQuantity, p.EntryPrice, p.EntryCost, p.HeldCost, p.StopPrice, p.TakeProfitPrice,
                    p.EntryClientOrderId, p.ExitClientOrderId, p.ExitCount, p.ExitReason, p.RealizedPnl, p.FeesInQuote, p.DustWrittenOff, p.CreatedAt, p.OpenedAt, p.ClosedAt,
                    p.SoldQuantity, exitPrice = p.SoldQuantity > 0 ? p.SoldQuote / p.SoldQuantity : (decimal?)null, fees = FeeList.Parse(p.Fees) ?? [],
                    protection = p.Protection is { } list
                        ? new
                        {
                            status = list.Status.ToString(), list.ListClientOrderId, list.OrderListId, list.Attempt, list.Quantity, list.StopPrice, list.StopLimitPrice, list.TakeProfitPrice,
                            list.StopClientOrderId, list.TakeProfitClientOrderId, list.RequestedAt, list.Problem, list.RetryAt,
                        }
                        : null,
                }),
                dust,
            });
        }).ConfigureAwait(false);
    }

    [Function("Pnl")]
    public async Task<IActionResult> PnlAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "pnl")] HttpRequest request,
        CancellationToken cancellationToken) =>
        await LedgerCallAsync(async () =>
        {
            var snapshot = await ledger.LoadAsync(bot.Value.Account, cancellationToken).ConfigureAwait(false);
            return new OkObjectResult(new
            {
                account = bot.Value.Account,
                quoteAsset = bot.Value.QuoteAsset,
                total = snapshot.Pnl.Sum(p => p.Realized),
                days = snapshot.Pnl.OrderByDescending(p => p.Day).Select(p => new { day = p.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), realized = p.Realized, trades = p.Trades }),
            });
        }).ConfigureAwait(false);

    [Function("Locks")]
    public async Task<IActionResult> LocksAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "locks")] HttpRequest request,
        CancellationToken cancellationToken) =>
        await LedgerCallAsync(async () =>
            new OkObjectResult(new { locks = (await locks.ListAsync(cancellationToken).ConfigureAwait(false)).Select(l => new { id = l.Id, l.Symbol, l.Reason, l.Until, l.CreatedBy, l.CreatedAt }) })).ConfigureAwait(false);

    [Function("ReleaseLock")]
    public async Task<IActionResult> ReleaseLockAsync(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "locks/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(id) || !id.StartsWith("lock-", StringComparison.Ordinal) || id.Length > 64)
        {
            return Problems.BadRequest($"'{id}' is not a lock id; ids look like lock-BTCUSDT (GET /api/locks lists them).");
        }

        return await LedgerCallAsync(async () => await locks.ReleaseAsync(id, caller.Actor(request), cancellationToken).ConfigureAwait(false)
            ? new NoContentResult()
            : Problems.NotFound($"There is no lock '{id}'.")).ConfigureAwait(false);
    }

    [Function("Audit")]
    public async Task<IActionResult> AuditAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "audit")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new List<string>();
        var limit = Limit(request, 50, errors);
        if (errors.Count > 0)
        {
            return Problems.BadRequest(errors[0]);
        }

        return await PageAsync(
            request,
            continuation => ledger.ReadAuditPageAsync(bot.Value.Account, limit, continuation, cancellationToken),
            (records, next) => new
            {
                records = records.Select(r => new { r.At, kind = r.Kind.ToString(), r.Actor, r.Message, r.Data, r.Sequence, r.Hash, r.PreviousHash }),
                continuation = next,
            }).ConfigureAwait(false);
    }

    /// <summary>
    /// The hourly equity points from <c>from</c> to <c>to</c> (ISO 8601 times or dates, UTC unless an offset is given; default
    /// the last 30 days), oldest first, <c>limit</c> (1–1000, default 500) at a time; <c>continuation</c> fetches the next page.
    /// </summary>
    [Function("Equity")]
    public async Task<IActionResult> EquityAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "equity")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new List<string>();
        var until = Time(request, "to", errors) ?? time.GetUtcNow();
        var since = Time(request, "from", errors) ?? until.AddDays(-30);
        var limit = Limit(request, 500, errors);
        if (errors.Count == 0 && since > until)
        {
            errors.Add($"'from' ({since:O}) is after 'to' ({until:O}).");
        }

        if (errors.Count > 0)
        {
            return Problems.BadRequest(string.Join(" ", errors), errors);
        }

        return await PageAsync(
            request,
            continuation => ledger.ReadEquityPageAsync(bot.Value.Account, since, until, limit, continuation, cancellationToken),
            (points, next) => new
            {
                account = bot.Value.Account,
                quoteAsset = bot.Value.QuoteAsset,
                from = EquityPoint.HourOf(since),
                to = EquityPoint.HourOf(until),
                points = points.Select(p => new { p.Hour, p.At, p.Equity, p.Realized, p.Unrealized, p.Fees, p.DustWrittenOff, p.OpenPositions }),
                continuation = next,
            }).ConfigureAwait(false);
    }

    /// <summary>
    /// One page of a paged read, from the request's <c>continuation</c> token (none: the first page); a token the store
    /// refuses is a 400, an unreachable ledger a 503.
    /// </summary>
    private static Task<IActionResult> PageAsync<T>(
        HttpRequest request, Func<string?, Task<(IReadOnlyList<T> Rows, string? Continuation)>> read, Func<IReadOnlyList<T>, string?, object> body)
    {
        var continuation = request.Query["continuation"].ToString();
        return LedgerCallAsync(async () =>
        {
            try
            {
                var (rows, next) = await read(continuation.Length == 0 ? null : continuation).ConfigureAwait(false);
                return new OkObjectResult(body(rows, next));
            }
            catch (ArgumentException)
            {
                return Problems.BadRequest("Query parameter 'continuation' must be the token the previous page returned, unchanged.");
            }
        });
    }

    private static DateTimeOffset? Time(HttpRequest request, string name, List<string> errors)
    {
        var text = request.Query[name].ToString();
        if (text.Length == 0)
        {
            return null;
        }

        if (text.Length <= 40 && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            && at.Year is >= 2000 and <= 9998)
        {
            return at;
        }

        errors.Add($"Query parameter '{name}' must be an ISO 8601 time or date such as 2026-12-05T13:00Z or 2026-12-05; got '{Shorten(text)}'.");
        return null;
    }

    private static int Limit(HttpRequest request, int fallback, List<string> errors)
    {
        var text = request.Query["limit"].ToString();
        if (text.Length == 0)
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit is >= 1 and <= 1000)
        {
            return limit;
        }

        errors.Add($"Query parameter 'limit' must be a whole number from 1 to 1000; got '{Shorten(text)}'.");
        return fallback;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static async Task<IActionResult> LedgerCallAsync(Func<Task<IActionResult>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception ex) when (Problems.IsLedgerUnavailable(ex))
        {
            return Problems.Unavailable(ex.Message);
        }
    }
}
