using Microsoft.AspNetCore.Http;

namespace FunctionsBot.Functions.Http;

internal static class RequestBody
{
    /// <summary>
    /// Reads at most <paramref name="maxBytes"/> + 1 bytes, so an oversized body is detected
    /// without reading all of it.
    /// </summary>
    public static async Task<ReadOnlyMemory<byte>> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new byte[maxBytes + 1];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await request.Body.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        return buffer.AsMemory(0, read);
    }
}
