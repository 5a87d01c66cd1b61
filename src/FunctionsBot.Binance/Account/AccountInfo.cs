namespace FunctionsBot.Binance.Account;

public sealed record AccountInfo(bool CanTrade, string AccountType, IReadOnlyList<AssetBalance> Balances)
{
    public AssetBalance Balance(string asset) => Balances.FirstOrDefault(b => b.Asset == asset) ?? new AssetBalance(asset, 0m, 0m);
}

public sealed record AssetBalance(string Asset, decimal Free, decimal Locked);
