namespace FunctionsBot.Core.Diagnostics;

/// <summary>Steps of an order's life where a crash can be injected to prove recovery (<c>Diagnostics__CrashAt</c>).</summary>
public enum CrashPoint
{
    None,
    BeforeIntent,
    AfterIntent,
    AfterPost,
    BeforeCommit,

    /// <summary>The same four steps of a protective order list's placement.</summary>
    ProtectionBeforeIntent,
    ProtectionAfterIntent,
    ProtectionAfterPost,
    ProtectionBeforeCommit,
}
