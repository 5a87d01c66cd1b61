using System.Net;
using System.Text;
using Azure.Data.Tables;
using FunctionsBot.Testing;

namespace FunctionsBot.Integration.Tests;

/// <summary>
/// Every route of the DevHost (a real process over Azurite, not trading) gets at least 10,000 malformed requests:
/// random bytes, lone surrogates and invalid UTF-8, huge and negative numbers, wrong JSON types, long query strings,
/// bad continuation tokens and ids, wrong methods. Not one answers 500, and the ledger is not touched.
/// </summary>
[Collection("Drills")]
public sealed class FuzzTests(AzuriteFixture azurite)
{
    private const int Requests = 10_000;
    private const int Seed = 20261202;

    private static readonly (string Method, string Path)[] Routes =
    [
        ("GET", "api/health"), ("GET", "api/health/verbose"), ("GET", "api/killswitch"), ("POST", "api/killswitch"), ("GET", "api/positions"), ("GET", "api/pnl"),
        ("GET", "api/locks"), ("DELETE", "api/locks/{id}"), ("GET", "api/audit"), ("GET", "api/equity"), ("GET", "api/dashboard"), ("GET", "api/dashboard/{id}"), ("POST", "api/reconcile"), ("GET", "api/reconcile"),
        ("POST", "api/reconcile/{id}/approve"), ("POST", "api/reconcile/{id}/reject"),
    ];

    private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

    private static readonly string[] Texts =
    [
        "", "null", "true", "[]", "{}", "\"\"", "-1", "0", "1e309", "-99999999999999999999999999999", "79228162514264337593543950336",
        "\"\\ud800\"", "\"\\udfff\\ud800\"", "{\"active\": true}", "{\"active\": \"yes\", \"reason\": 1}", "{\"active\": true, \"reason\": \"\\ud800\"}",
        "{\"active\": true, \"reason\": [\"a\"], \"mode\": 7}", "{\"active\": false, \"reason\": \"" + new string('r', 600) + "\"}",
        "{\"reason\": \"x\", \"actor\": {\"a\": 1}}", "{\"active\": true, \"reason\": \"r\", \"mode\": \"Flatten\", \"mode\": \"BlockEntries\", \"x\": 1}",
        "{{{{", "]]]", "{\"a\":" + new string('[', 2000), "\u0000\u0001", "' or 1=1 --", "<xml/>",
    ];

    private static readonly string[] QueryValues =
    [
        "", "-1", "0", "1001", "99999999999999999999", "1.5", "true", "maybe", "%00", "%ED%A0%80", "%FF%FE", "%C3%28", "a%20b%20c",
        "garbage", new string('x', 3000), "%2F..%2F..", "<script>", "null", "[]",
    ];

    private static readonly string[] Ids =
    [
        "x", "lock-", "lock-" + new string('A', 100), "rc-", "rc-zzzzzzzzzzzz", "rc-0123456789ab", "%00", "%ED%A0%80", "..", "%2F", new string('9', 300), "lock-BTCUSDT",
    ];

    [Fact]
    public async Task EveryRoute_TenThousandMalformedRequests_NoneAnswers500_TheLedgerIsUntouched()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var simulator = await SimulatorProcess.StartAsync();
        var account = "fuzz" + Guid.NewGuid().ToString("N")[..12];
        await using var bot = await DevHostProcess.StartAsync(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Binance__BaseUrl"] = simulator.BaseAddress.ToString(),
            ["Bot__Account"] = account,
            ["TradeCycle__Schedule"] = "0 0 0 1 1 *",
            ["Reconcile__Schedule"] = "0 0 0 1 1 *",
        });
        // A ledger with a state row and audit rows, written by two valid requests: no malformed one may touch them.
        foreach (var valid in new[] { """{"active": true, "reason": "before the fuzz"}""", """{"active": false, "reason": "before the fuzz"}""" })
        {
            using var response = await bot.Client.PostAsync("api/killswitch", new StringContent(valid, Encoding.UTF8, "application/json"), ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var before = await SnapshotAsync(account);
        Assert.Contains("state|", before, StringComparison.Ordinal);
        var random = new Random(Seed);
        var requests = Enumerable.Range(0, Requests).Select(_ => Malformed(random)).ToList();
        var statuses = new Dictionary<int, int>();
        var failures = new List<string>();
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (request, token) =>
        {
            using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Url);
            if (request.Body is { } body)
            {
                message.Content = new ByteArrayContent(body) { Headers = { { "Content-Type", request.ContentType } } };
            }

            using var response = await bot.Client.SendAsync(message, token);
            lock (statuses)
            {
                statuses[(int)response.StatusCode] = statuses.GetValueOrDefault((int)response.StatusCode) + 1;
                if ((int)response.StatusCode >= 500 && response.StatusCode != HttpStatusCode.ServiceUnavailable)
                {
                    failures.Add($"{request.Method} {request.Url} ({request.Body?.Length ?? 0} bytes) → {(int)response.StatusCode}");
                }
            }
        });

        Assert.True(failures.Count == 0, $"{failures.Count} answers of 500 or above:{Environment.NewLine}{string.Join(Environment.NewLine, failures.Take(20))}{Environment.NewLine}{bot.Output[^Math.Min(4000, bot.Output.Length)..]}");
        Assert.Equal(before, await SnapshotAsync(account));
        Assert.True(statuses.Values.Sum() >= Requests);
        Figures.Record(
            $"fuzz: {Requests} malformed requests over {Routes.Length} routes (seed {Seed}), statuses "
            + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}")) + "; 0 answers 500, ledger partition unchanged");
    }

    private static (string Method, string Url, byte[]? Body, string ContentType) Malformed(Random random)
    {
        var (method, path) = Routes[random.Next(Routes.Length)];
        path = path.Replace("{id}", Pick(random, Ids), StringComparison.Ordinal);
        if (random.Next(5) == 0)
        {
            method = Pick(random, Methods);
        }

        var query = random.Next(3) switch
        {
            0 => string.Empty,
            1 => "?" + string.Join('&', Enumerable.Range(0, random.Next(1, 4)).Select(_ => $"{Pick(random, ["limit", "status", "verbose", "continuation", "id", "from", "to", "x"])}={Pick(random, QueryValues)}")),
            _ => "?" + Pick(random, QueryValues),
        };
        byte[]? body = null;
        if (method is "POST" or "PUT" or "PATCH" || random.Next(6) == 0)
        {
            body = random.Next(3) switch
            {
                0 => RandomBytes(random, random.Next(0, random.Next(2) == 0 ? 64 : 9000)),
                1 => Encoding.UTF8.GetBytes(Pick(random, Texts)),
                // Never valid UTF-8 (0xFF), so never a valid switch that would write.
                _ => [.. Encoding.UTF8.GetBytes("{\"active\": true, \"reason\": \""), 0xFF, .. RandomBytes(random, random.Next(0, 40)), .. Encoding.UTF8.GetBytes("\"}")],
            };
        }

        // An empty POST to api/reconcile is the valid request that runs a reconciliation: never sent here.
        if (method == "POST" && path == "api/reconcile" && (body is null || Encoding.UTF8.GetString(body).Trim() is "" or "{}"))
        {
            body = [0xFF];
        }

        return (method, path + query, body, Pick(random, ["application/json", "text/plain", "application/octet-stream", "application/json; charset=utf-16"]));
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static string Pick(Random random, IReadOnlyList<string> values) => values[random.Next(values.Count)];

    /// <summary>Every row of the account's partition with its ETag: equal snapshots mean nothing was written.</summary>
    private async Task<string> SnapshotAsync(string account)
    {
        var rows = new List<string>();
        try
        {
            await foreach (var row in new TableServiceClient(azurite.ConnectionString).GetTableClient("ledger").QueryAsync<TableEntity>(e => e.PartitionKey == account))
            {
                rows.Add($"{row.RowKey}|{row.ETag}");
            }
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 404)
        {
        }

        return string.Join('\n', rows.Order(StringComparer.Ordinal));
    }
}
