using FunctionsBot.Core.Bot;
using FunctionsBot.Core.Ledger;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Core.Health;

/// <summary>
/// The account's ledger as the health checks read it: the checks of a report run at the same time (each in its own
/// scope), so they share one read — the one in flight, or one finished less than <see cref="Reuse"/> ago. A report
/// costs one partition query however many checks read the ledger. Each check still waits under its own time limit.
/// </summary>
public sealed class HealthLedger(ILedgerStore ledger, IOptions<BotOptions> bot, TimeProvider time)
{
    /// <summary>Shorter than the shortest health cache (1 s): a later report always reads anew.</summary>
    internal static readonly TimeSpan Reuse = TimeSpan.FromMilliseconds(500);

    private readonly Lock _gate = new();
    private Task<LedgerSnapshot>? _read;
    private DateTimeOffset _startedAt;

    public string Account => bot.Value.Account;

    public ILedgerStore Store => ledger;

    public Task<LedgerSnapshot> SnapshotAsync(CancellationToken cancellationToken)
    {
        Task<LedgerSnapshot> read;
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (_read is null || (_read.IsCompleted && (!_read.IsCompletedSuccessfully || now - _startedAt > Reuse)))
            {
                // Not the first caller's token: one check timing out must not fail the read the others share.
                _read = ledger.LoadAsync(Account, CancellationToken.None);
                _startedAt = now;
            }

            read = _read;
        }

        return read.WaitAsync(cancellationToken);
    }

    /// <summary>The next check reads anew, even within <see cref="Reuse"/> of the last read (the ledger just changed).</summary>
    public void Forget()
    {
        lock (_gate)
        {
            _read = null;
        }
    }
}
