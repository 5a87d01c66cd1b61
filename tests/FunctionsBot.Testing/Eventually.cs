namespace FunctionsBot.Testing;

/// <summary>The one way drills wait: on a condition, never on a fixed sleep; a failure says what it last saw.</summary>
public static class Eventually
{
    /// <summary>Reads until <paramref name="condition"/> holds and returns that read; throws, describing the last read, when <paramref name="timeout"/> passes first.</summary>
    public static async Task<T> HoldsAsync<T>(Func<Task<T>> read, Func<T, bool> condition, TimeSpan timeout, Func<T, string> describe, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(describe);
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            var value = await read().ConfigureAwait(false);
            if (condition(value))
            {
                return value;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"Not within {timeout.TotalSeconds:0} s; last seen: {describe(value)}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
        }
    }
}
