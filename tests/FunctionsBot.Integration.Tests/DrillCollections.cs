namespace FunctionsBot.Integration.Tests;

/// <summary>
/// The drills start several bot processes each and depend on timely cycles; they run one after the other
/// so a 2-core machine is never running every bot at once (run side by side, the simulated day was seen
/// to starve).
/// </summary>
[CollectionDefinition("Drills")]
public sealed class Drills;
