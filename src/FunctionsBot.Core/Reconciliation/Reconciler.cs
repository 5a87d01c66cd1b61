using System.Globalization;
using FunctionsBot.Core.Booking;
using FunctionsBot.Core.Bot;
using FunctionsBot.Core.Cycle;
using FunctionsBot.Core.Exchange;
using FunctionsBot.Core.Ledger;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Core.Reconciliation;

/// <summary>
/// One reconciliation under the account's lease: reads the ledger (and the bookings of the lookback from the audit
/// trail) and the exchange (the bot's orders and trades per traded symbol, open orders, balances), compares them
/// (<see cref="LedgerComparison"/>), and commits the result in one transaction: the report, a <c>Reconciled</c>
/// record, a <c>ReconciliationMismatch</c> record and a proposal per difference above tolerance, and a lock on each
/// symbol with a pending proposal. Positions are never changed here.
/// </summary>
public sealed partial class Reconciler(
    ICycleLock cycleLock,
    ILedgerStore ledger,
    LedgerUpdater updater,
    IExchange exchange,
    IExchangeAccount exchangeAccount,
    IOptions<ReconcileOptions> options,
    IOptions<BotOptions> bot,
    TimeProvider time,
    ILogger<Reconciler> logger)
{
    public const string LockOwner = "reconcile";

    private const int MaxNewProposals = 20;

    private int _onDemandRunning;

    /// <summary>Runs one reconciliation; <paramref name="actor"/> is who asked (the timer or a person).</summary>
    /// <exception cref="LeaseBusyException">The lease stayed busy; nothing was compared.</exception>
    public Task<ReconciliationReport> RunAsync(string actor, CancellationToken cancellationToken) => RunAsync(actor, TimeSpan.Zero, cancellationToken);

    /// <summary>
    /// A run a person (or a script) asked for. It spends about 335 request weight for 6 symbols, so it may not be turned
    /// against trading: while one runs in this process another is refused at once (it would only queue on the lease the
    /// trading cycle needs), and, checked under the lease against the ledger so every instance agrees, none runs within
    /// <c>Reconcile__MinIntervalSeconds</c> of the last.
    /// </summary>
    /// <exception cref="ReconcileTooSoonException">A run is under way or ran too recently; it carries the last result.</exception>
    /// <exception cref="LeaseBusyException">The lease stayed busy; nothing was compared.</exception>
    public async Task<ReconciliationReport> RunOnDemandAsync(string actor, CancellationToken cancellationToken)
    {
        var interval = TimeSpan.FromSeconds(options.Value.MinIntervalSeconds);
        if (Interlocked.CompareExchange(ref _onDemandRunning, 1, 0) != 0)
        {
            var last = (await ledger.LoadAsync(bot.Value.Account, cancellationToken).ConfigureAwait(false)).Reconciliation;
            throw new ReconcileTooSoonException("A reconciliation asked for earlier is still running; its result will be at GET /api/reconcile.", interval, last);
        }

        try
        {
            return await RunAsync(actor, interval, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _onDemandRunning, 0);
        }
    }

    private async Task<ReconciliationReport> RunAsync(string actor, TimeSpan minInterval, CancellationToken cancellationToken)
    {
        var account = bot.Value.Account;
        var settings = options.Value;
        var lease = await AccountLease.WaitAsync(cycleLock, account, TimeSpan.FromSeconds(settings.LeaseWaitSeconds), time, cancellationToken).ConfigureAwait(false);
        await using (lease.ConfigureAwait(false))
        {
            var snapshot = await ledger.LoadAsync(account, cancellationToken).ConfigureAwait(false);
            var now = time.GetUtcNow();
            if (snapshot.Reconciliation is { } previous && now - previous.At < minInterval)
            {
                throw new ReconcileTooSoonException(
                    string.Create(CultureInfo.InvariantCulture, $"The last reconciliation ran at {previous.At:O}, less than Reconcile__MinIntervalSeconds ({minInterval.TotalSeconds:0}) ago; its result is attached."),
                    minInterval - (now - previous.At),
                    previous);
            }

            var lookback = TimeSpan.FromHours(settings.LookbackHours);
            var (input, counts) = bot.Value.Mode == TradingMode.Paper
                ? (null, (Symbols: 0, Orders: 0, Trades: 0, Assets: 0))
                : await ReadAsync(snapshot, now, lookback, cancellationToken).ConfigureAwait(false);
            var differences = input is null ? [] : LedgerComparison.Compare(input);
            var report = new ReconciliationReport(
                now, actor, input?.WindowStart ?? now - lookback, now, counts.Symbols, counts.Orders, counts.Trades, counts.Assets, []);
            var change = Build(snapshot, report, differences, actor, now);
            if (lease.IsLost)
            {
                throw new LeaseLostException();
            }

            await updater.CommitOnceAsync(change, cancellationToken).ConfigureAwait(false);
            var result = change.Reconciliation!;
            var mismatches = result.Mismatches.Count();
            LogReconciled(account, result.Orders, result.Trades, result.Differences.Count, mismatches);
            return result;
        }
    }

    private async Task<(ComparisonInput Input, (int Symbols, int Orders, int Trades, int Assets) Counts)> ReadAsync(
        LedgerSnapshot snapshot, DateTimeOffset now, TimeSpan lookback, CancellationToken cancellationToken)
    {
        var account = bot.Value.Account;
        var quote = bot.Value.QuoteAsset;
        // Bookings from an hour before the window too: an order placed at the window's start may be booked a little
        // before it by a clock that runs behind the exchange's. A booking whose order is outside the window is looked up.
        var booked = BookedOrders.From(await ReadAuditSinceAsync(account, now - lookback - TimeSpan.FromHours(1), cancellationToken).ConfigureAwait(false));
        var serverNow = await exchangeAccount.GetServerTimeAsync(cancellationToken).ConfigureAwait(false);
        var windowStart = serverNow - lookback;
        var symbols = bot.Value.SymbolList
            .Concat(snapshot.Positions.Where(p => p.HoldsBase || p.IsIntent).Select(p => p.Symbol))
            .Concat(booked.Values.Select(b => b.Symbol))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var prefix = ClientOrderIds.Prefix(account);
        var activity = new List<SymbolActivity>();
        var prices = new Dictionary<string, decimal>(StringComparer.Ordinal) { [quote] = 1m };
        foreach (var symbol in symbols)
        {
            var rules = await exchange.GetRulesAsync(symbol, cancellationToken).ConfigureAwait(false);
            var price = await exchange.GetPriceAsync(symbol, cancellationToken).ConfigureAwait(false);
            var orders = (await exchangeAccount.GetOrdersAsync(symbol, windowStart, serverNow, cancellationToken).ConfigureAwait(false)).ToList();
            var trades = (await exchangeAccount.GetTradesAsync(symbol, windowStart, serverNow, cancellationToken).ConfigureAwait(false)).ToList();
            var open = await exchangeAccount.GetOpenOrdersAsync(symbol, cancellationToken).ConfigureAwait(false);

            // A booking whose order is not in the window (placed before it, booked within it): ask for the order itself.
            foreach (var missing in booked.Values.Where(b => b.Symbol == symbol && b.ExecutedQuantity > 0 && orders.All(o => o.ClientOrderId != b.ClientOrderId)))
            {
                if (await exchangeAccount.FindOrderAsync(symbol, missing.ClientOrderId, cancellationToken).ConfigureAwait(false) is { } found)
                {
                    orders.Add(found);
                }
            }

            // An order placed before the window may have traded before it too (an entry booked just before the window, a
            // take-profit filled in parts across its start, a leg booked late after the host was down): its fees are
            // compared with all its trades, read by order id, not with the window's share of them.
            foreach (var early in orders.Where(o => o.Time < windowStart && o.ExecutedQuantity > 0 && booked.ContainsKey(o.ClientOrderId)).ToList())
            {
                var all = await exchangeAccount.GetOrderTradesAsync(symbol, early.OrderId, cancellationToken).ConfigureAwait(false);
                trades.RemoveAll(t => t.OrderId == early.OrderId);
                trades.AddRange(all);
            }

            prices[rules.BaseAsset] = price;
            activity.Add(new SymbolActivity(symbol, rules.BaseAsset, price, orders, trades, open));
        }

        // Commissions in a third asset (BNB) are valued at its price in the quote asset, when the exchange lists one.
        var feeAssets = activity.SelectMany(a => a.Trades.Select(t => t.CommissionAsset)).Concat(booked.Values.SelectMany(b => b.Fees?.Keys ?? Enumerable.Empty<string>()))
            .Where(a => !prices.ContainsKey(a)).Distinct(StringComparer.Ordinal).ToList();
        foreach (var asset in feeAssets)
        {
            try
            {
                prices[asset] = await exchange.GetPriceAsync(asset + quote, cancellationToken).ConfigureAwait(false);
            }
            catch (ExchangeException ex) when (ex.Failure == ExchangeFailure.Refused)
            {
                // No such market: a difference in this asset stays unvalued, which counts as above tolerance.
            }
        }

        var balances = await exchangeAccount.GetBalancesAsync(cancellationToken).ConfigureAwait(false);
        var lists = await exchangeAccount.GetOpenOrderListsAsync(cancellationToken).ConfigureAwait(false);
        var input = new ComparisonInput(
            prefix, quote, snapshot.Positions, booked, windowStart, activity, balances, prices,
            snapshot.StateOrInitial(account).ReservedQuote)
        {
            OpenOrderLists = lists,
        };
        var assets = activity.Select(a => a.BaseAsset).Distinct(StringComparer.Ordinal).Count() + 1;
        return (input, (activity.Count, activity.Sum(a => a.Orders.Count(o => o.ClientOrderId.StartsWith(prefix, StringComparison.Ordinal))), activity.Sum(a => a.Trades.Count), assets));
    }

    private async Task<List<AuditRecord>> ReadAuditSinceAsync(string account, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var records = new List<AuditRecord>();
        string? continuation = null;
        do
        {
            var (page, next) = await ledger.ReadAuditPageAsync(account, 1000, continuation, cancellationToken).ConfigureAwait(false);
            records.AddRange(page.Where(r => r.At >= since));
            continuation = page.Count > 0 && page[^1].At >= since ? next : null;
        }
        while (continuation is not null);
        return records;
    }

    /// <summary>The run's one transaction: report, audit, new proposals, proposals whose difference is gone, and the locks.</summary>
    private LedgerChange Build(LedgerSnapshot snapshot, ReconciliationReport report, IReadOnlyList<Difference> differences, string actor, DateTimeOffset now)
    {
        var account = bot.Value.Account;
        var tolerance = options.Value.ToleranceQuote;
        var existing = snapshot.Proposals.ToDictionary(p => p.Id, StringComparer.Ordinal);
        var proposals = new List<Proposal>();
        var reported = new List<ReportedDifference>();
        var audit = new List<AuditRecord>();
        foreach (var difference in differences)
        {
            var above = difference.IsAbove(tolerance);
            string? proposalId = null;
            var acknowledged = false;
            if (above && difference.Correction is { } correction)
            {
                var id = Proposal.IdOf(difference.Key);
                if (existing.TryGetValue(id, out var known) && known.Status != ProposalStatus.Superseded)
                {
                    (proposalId, acknowledged) = (id, known.Status != ProposalStatus.Pending);
                }
                else if (proposals.Count < MaxNewProposals)
                {
                    proposalId = id;
                    proposals.Add(new Proposal(id, difference.Key, difference.Kind, difference.Symbol, difference.Message, difference.ValueInQuote, correction, now));
                }
            }

            if (above && !acknowledged && audit.Count < MaxNewProposals)
            {
                var data = difference.Numbers.ToDictionary(p => p.Key, p => p.Value);
                data["kind"] = difference.Kind.ToString();
                data["symbol"] = difference.Symbol;
                data["valueInQuote"] = difference.ValueInQuote?.ToString(CultureInfo.InvariantCulture) ?? "not valued";
                data["proposal"] = proposalId ?? string.Empty;
                audit.Add(Audit(AuditKind.ReconciliationMismatch, actor, $"{difference.Kind} {difference.Symbol}: {difference.Message}{(proposalId is null ? string.Empty : $" Proposed: {difference.Correction!.Description} ({proposalId}).")}", data));
            }

            reported.Add(new ReportedDifference(difference.Kind, difference.Symbol, difference.Message, difference.ValueInQuote, above, proposalId, acknowledged));
        }

        // A pending proposal whose difference this run did not find is superseded (nothing is applied).
        var found = reported.Select(r => r.ProposalId).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var superseded = snapshot.Proposals.Where(p => p.Status == ProposalStatus.Pending && !found.Contains(p.Id)).Take(MaxNewProposals)
            .Select(p => p with { Status = ProposalStatus.Superseded, DecidedAt = now, DecidedBy = LockOwner, DecisionReason = "a later reconciliation no longer found the difference" }).ToList();
        var result = report with { Differences = reported.Take(60).ToList() };
        var lockedSymbols = result.Mismatches.Where(m => m.Symbol.Length > 0 && m.ProposalId is not null).GroupBy(m => m.Symbol, StringComparer.Ordinal).ToList();
        var locks = new List<SymbolLock>();
        foreach (var group in lockedSymbols.Where(g => !snapshot.Locks.Any(l => l.Symbol == g.Key && l.CreatedBy == LockOwner)))
        {
            var first = group.First();
            locks.Add(new SymbolLock(group.Key, $"reconciliation: {first.Kind} (proposal {first.ProposalId}; GET /api/reconcile)", now.AddYears(10), LockOwner, now));
            audit.Add(Audit(AuditKind.SymbolLocked, actor, $"{group.Key} locked against entries until a person decides proposal {first.ProposalId}: {first.Message}"));
        }

        var released = snapshot.Locks.Where(l => l.CreatedBy == LockOwner && lockedSymbols.All(g => g.Key != l.Symbol)).Select(l => l.Symbol).ToList();
        audit.AddRange(released.Select(s => Audit(AuditKind.SymbolUnlocked, actor, $"{s} unlocked: reconciliation finds no undecided difference on it.")));
        var mismatches = result.Mismatches.Count();
        audit.Insert(0, Audit(
            AuditKind.Reconciled,
            actor,
            bot.Value.Mode == TradingMode.Paper
                ? "Reconciled: Paper mode fills only in the ledger; there is no exchange account to compare."
                : $"Reconciled {result.Symbols} symbol(s) from {result.WindowStart:O}: {result.Orders} bot order(s), {result.Trades} trade(s), {result.Assets} asset(s); {differences.Count} difference(s), {mismatches} above tolerance ({BookingText.Of(options.Value.ToleranceQuote)} {bot.Value.QuoteAsset}) and undecided.",
            ReportData(result, differences.Count, mismatches)));
        return new LedgerChange(snapshot.StateOrInitial(account), snapshot.State?.Version, audit)
        {
            Proposals = [.. proposals, .. superseded],
            Locks = locks,
            ReleasedLocks = released,
            Reconciliation = result,
        };
    }

    private static Dictionary<string, string> ReportData(ReconciliationReport report, int differences, int mismatches)
    {
        var data = new Dictionary<string, string>
        {
            ["symbols"] = N(report.Symbols),
            ["orders"] = N(report.Orders),
            ["trades"] = N(report.Trades),
            ["assets"] = N(report.Assets),
            ["differences"] = N(differences),
            ["mismatches"] = N(mismatches),
            ["windowStart"] = report.WindowStart.ToString("O", CultureInfo.InvariantCulture),
            ["windowEnd"] = report.WindowEnd.ToString("O", CultureInfo.InvariantCulture),
        };
        foreach (var (difference, i) in report.Differences.Take(20).Select((d, i) => (d, i)))
        {
            data[$"difference{i + 1}"] = $"{difference.Kind} {difference.Symbol} {difference.ValueInQuote?.ToString(CultureInfo.InvariantCulture) ?? "not valued"}{(difference.AboveTolerance ? " above tolerance" : string.Empty)}";
        }

        return data;
    }

    private AuditRecord Audit(AuditKind kind, string actor, string message, IReadOnlyDictionary<string, string>? data = null) => new(time.GetUtcNow(), kind, actor, message, data);

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Reconciled account {Account}: {Orders} bot orders, {Trades} trades, {Differences} differences, {Mismatches} above tolerance")]
    private partial void LogReconciled(string account, int orders, int trades, int differences, int mismatches);
}
