using Microsoft.Extensions.Time.Testing;

namespace FunctionsBot.Core.Tests.Fakes;

internal static class TestClock
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 23, 59, 0, TimeSpan.Zero);

    public static FakeTimeProvider Create() => new(Start);
}
