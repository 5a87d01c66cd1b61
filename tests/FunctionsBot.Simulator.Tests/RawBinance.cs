using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FunctionsBot.Testing;

namespace FunctionsBot.Simulator.Tests;

/// <summary>A bare signed HTTP caller, independent of the bot's client, to test the simulator's own checks.</summary>
internal sealed class RawBinance(SimulatorProcess simulator) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = simulator.BaseAddress };

    public static long Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    public async Task<(int Status, JsonElement Body, HttpResponseMessage Response)> SendAsync(
        HttpMethod method, string path, string query, bool signed = true, string? apiKey = SimulatorProcess.ApiKey, string secret = SimulatorProcess.ApiSecret, long? timestamp = null, Func<string, string>? signWith = null)
    {
        var full = query;
        if (signed)
        {
            full = $"{query}{(query.Length > 0 ? "&" : string.Empty)}timestamp={(timestamp ?? Now).ToString(CultureInfo.InvariantCulture)}";
            full += "&signature=" + (signWith ?? (payload => Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(payload)))))(full);
        }

        using var request = new HttpRequestMessage(method, $"{path}?{full}");
        if (apiKey is not null)
        {
            request.Headers.Add("X-MBX-APIKEY", apiKey);
        }

        var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonDocument.Parse(text).RootElement.Clone(), response);
    }

    public void Dispose() => _http.Dispose();
}
