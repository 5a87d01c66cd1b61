using FunctionsBot.Binance.Signing;

namespace FunctionsBot.Binance.Tests.Signing;

/// <summary>The HMAC examples of Binance's rest-api.md ("SIGNED Endpoint Examples for POST /api/v3/order"), detected from a plain secret.</summary>
public sealed class BinanceSignerTests
{
    private const string Secret = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";

    [Fact]
    public void Sign_DocsQueryString_ReproducesTheDocumentedSignature()
    {
        var signature = BinanceSigner.For(Secret).Sign("symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559");

        Assert.Equal("c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71", signature);
    }

    [Fact]
    public void Sign_DocsBodyOnly_SameSignatureAsTheQueryString()
    {
        var signature = BinanceSigner.For(Secret).Sign(string.Empty, "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559");

        Assert.Equal("c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71", signature);
    }

    [Fact]
    public void Sign_DocsMixedQueryAndBody_ConcatenatesWithoutSeparator()
    {
        var signature = BinanceSigner.For(Secret).Sign("symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC", "quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559");

        Assert.Equal("0fd168b8ddb4876a0358a8d14d0c9f3da0e9b20c5d52b2a00fcf7d1c602f9a77", signature);
    }

    [Fact]
    public void Encode_NonAsciiSymbol_PercentEncodesBeforeSigning()
    {
        var query = BinanceSigner.Encode(
        [
            new("symbol", "１２３４５６"), new("side", "BUY"), new("type", "LIMIT"), new("timeInForce", "GTC"),
            new("quantity", "1"), new("price", "0.1"), new("recvWindow", "5000"), new("timestamp", "1499827319559"),
        ]);

        Assert.Equal("symbol=%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559", query);
        Assert.Equal("e1353ec6b14d888f1164ae9af8228a3dbd508bc82eb867db8ab6046442f33ef3", BinanceSigner.For(Secret).Sign(query));
    }
}
