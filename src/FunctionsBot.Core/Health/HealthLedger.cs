using FunctionsBot.Core.Bot;
using FunctionsBot.Core.Ledger;
using Microsoft.Extensions.Options;

namespace FunctionsBot.Core.Health;

/// <summary>
/// The account's ledger, read once per health report: the checks of one report share a scope, so a report costs one
/// partition query however many checks read the ledger. Each check still waits under its own time limit.
/// </summary>
public sealed class HealthLedger(ILedgerStore ledger, IOptions<BotOptions> bot)
{
    private readonly Lock _gate = new();
    private Task<LedgerSnapshot>? _snapshot;

    public string Account => bot.Value.Account;

    public ILedgerStore Store => ledger;

    public Task<LedgerSnapshot> SnapshotAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            // Not the first caller's token: one check timing out must not fail the read the others share.
            _snapshot ??= ledger.LoadAsync(Account, CancellationToken.None);
        }

        return _snapshot.WaitAsync(cancellationToken);
    }
}
