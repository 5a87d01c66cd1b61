namespace FunctionsBot.Simulator.Market;

/// <summary>The SplitMix64 finalizer: a well-mixed 64-bit value from any key, so the market is deterministic without state.</summary>
internal static class SplitMix64
{
    /// <summary>A number in [0, 1) for the key.</summary>
    public static double Unit(ulong key)
    {
        var z = key;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (z >> 11) * (1.0 / (1UL << 53));
    }
}
