namespace FunctionsBot.Integration.Tests;

/// <summary>
/// The drills start several bot processes each; two collections run side by side, the drills within one
/// run one after the other, so a 2-core machine is not asked to run every drill at once.
/// </summary>
[CollectionDefinition("Drills A")]
public sealed class DrillsA;

[CollectionDefinition("Drills B")]
public sealed class DrillsB;
