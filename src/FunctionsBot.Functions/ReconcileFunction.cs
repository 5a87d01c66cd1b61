using FunctionsBot.Core.Alerts;
using FunctionsBot.Core.Bot;
using FunctionsBot.Core.Cycle;
using FunctionsBot.Core.Exchange;
using FunctionsBot.Core.Ledger;
using FunctionsBot.Core.Reconciliation;
using FunctionsBot.Functions.Health;
using FunctionsBot.Functions.Http;
using FunctionsBot.Functions.Reconcile;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Functions;

/// <summary>
/// Reconciliation: the daily timer (<c>Reconcile__Schedule</c>, 00:00 UTC by default), <c>POST /api/reconcile</c> on demand,
/// <c>GET /api/reconcile</c> (the last result and the proposals), and a person's decision on a proposal with
/// <c>POST /api/reconcile/{id}/approve|reject</c>. Alerts go out after each commit.
/// </summary>
public sealed partial class ReconcileFunction(
    Reconciler reconciler, CorrectionService corrections, AlertDispatcher alerts, HealthReportCache health, ILedgerStore ledger, IOptions<BotOptions> bot, Caller caller, ILogger<ReconcileFunction> logger)
{
    [Function("Reconcile")]
    public async Task RunTimer([TimerTrigger("%Reconcile:Schedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        try
        {
            await reconciler.RunAsync("reconcile-timer", cancellationToken).ConfigureAwait(false);
        }
        catch (LeaseBusyException ex)
        {
            // Never skipped silently: the run fails visibly and the next schedule (or a person) runs it again.
            LogBusy(ex.Message);
            throw;
        }
        finally
        {
            await alerts.DispatchAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    [Function("ReconcileNow")]
    public async Task<IActionResult> RunNow(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "reconcile")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = await RequestBody.ReadAsync(request, 64, cancellationToken).ConfigureAwait(false);
        if (!IsEmptyBody(body.Span))
        {
            return Problems.BadRequest("POST /api/reconcile takes no body (or {}); it reconciles the whole account.");
        }

        var result = await CallAsync(async () =>
        {
            try
            {
                var report = await reconciler.RunOnDemandAsync(caller.Actor(request), cancellationToken).ConfigureAwait(false);
                return new OkObjectResult(Report(report));
            }
            catch (ReconcileTooSoonException ex)
            {
                return Problems.TooSoon(ex.Message, ex.RetryAfter, ex.Last is { } last ? Report(last) : null);
            }
        }).ConfigureAwait(false);
        health.Invalidate();
        await alerts.DispatchAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>No body, white space, or an empty JSON object.</summary>
    private static bool IsEmptyBody(ReadOnlySpan<byte> body)
    {
        var trimmed = body.Trim(" \t\r\n"u8);
        return trimmed.IsEmpty || trimmed.SequenceEqual("{}"u8);
    }

    [Function("ReconcileStatus")]
    public async Task<IActionResult> Status(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "reconcile")] HttpRequest request,
        CancellationToken cancellationToken) =>
        await CallAsync(async () =>
        {
            var snapshot = await ledger.LoadAsync(bot.Value.Account, cancellationToken).ConfigureAwait(false);
            return new OkObjectResult(new
            {
                account = bot.Value.Account,
                last = snapshot.Reconciliation is { } report ? Report(report) : null,
                pending = snapshot.Proposals.Where(p => p.Status == ProposalStatus.Pending).OrderBy(p => p.ProposedAt).Select(Proposal),
                decided = snapshot.Proposals.Where(p => p.Status != ProposalStatus.Pending).OrderByDescending(p => p.DecidedAt).Take(20).Select(Proposal),
            });
        }).ConfigureAwait(false);

    [Function("ReconcileApprove")]
    public Task<IActionResult> Approve(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "reconcile/{id}/approve")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) => DecideAsync(request, id, approve: true, cancellationToken);

    [Function("ReconcileReject")]
    public Task<IActionResult> Reject(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "reconcile/{id}/reject")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) => DecideAsync(request, id, approve: false, cancellationToken);

    private async Task<IActionResult> DecideAsync(HttpRequest request, string id, bool approve, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!FunctionsBot.Core.Reconciliation.Proposal.IsId(id))
        {
            return Problems.BadRequest($"'{id}' is not a proposal id; ids look like rc-0123456789ab (GET /api/reconcile lists them).");
        }

        var body = await RequestBody.ReadAsync(request, DecisionRequest.MaxBodyBytes, cancellationToken).ConfigureAwait(false);
        var (command, errors) = DecisionRequest.Parse(body.Span);
        if (command is null)
        {
            return Problems.BadRequest("Send {\"reason\": \"...\"} as JSON: why you decide so, for the audit trail.", errors);
        }

        var result = await CallAsync(async () =>
        {
            var decision = await corrections.DecideAsync(id, approve, caller.Actor(request, command.Actor), command.Reason, cancellationToken).ConfigureAwait(false);
            return decision.Outcome switch
            {
                DecisionOutcome.NotFound => Problems.NotFound(decision.Message),
                DecisionOutcome.AlreadyDecided or DecisionOutcome.Stale => Problems.Conflict(decision.Message),
                _ => new OkObjectResult(new { outcome = decision.Outcome.ToString(), message = decision.Message, proposal = Proposal(decision.Proposal!) }),
            };
        }).ConfigureAwait(false);
        health.Invalidate();
        await alerts.DispatchAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    private static async Task<IActionResult> CallAsync(Func<Task<IActionResult>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (LeaseBusyException ex)
        {
            return Problems.Conflict(ex.Message);
        }
        catch (Exception ex) when (Problems.IsLedgerUnavailable(ex) || ex is LeaseLostException)
        {
            return Problems.Unavailable(ex.Message);
        }
        catch (ExchangeException ex)
        {
            return Problems.Exchange(ex, "Nothing was compared or written");
        }
    }

    private static object Report(ReconciliationReport r) => new
    {
        r.At, r.Actor, r.WindowStart, r.WindowEnd, r.Symbols, r.Orders, r.Trades, r.Assets,
        mismatches = r.Mismatches.Count(),
        differences = r.Differences.Select(d => new { kind = d.Kind.ToString(), d.Symbol, d.Message, d.ValueInQuote, d.AboveTolerance, d.ProposalId, d.Acknowledged }),
    };

    private static object Proposal(Proposal p) => new
    {
        p.Id, status = p.Status.ToString(), difference = p.Kind.ToString(), p.Symbol, p.Message, p.ValueInQuote,
        correction = new { kind = p.Correction.Kind.ToString(), p.Correction.Description, allocations = p.Correction.Allocations, p.Correction.Price, p.Correction.At, p.Correction.ClientOrderId },
        p.ProposedAt, p.DecidedBy, p.DecidedAt, p.DecisionReason,
    };

    [LoggerMessage(EventId = 4101, Level = LogLevel.Error, Message = "Reconcile timer could not run: {Reason}")]
    private partial void LogBusy(string reason);
}
